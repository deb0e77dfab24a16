// The catalogue's scenarios about following itself: the no-op outcomes, checks and the cap.
export const FOLLOW_SCENARIOS = [
  `
name: follow-repeat-self
title: follow / repeat / self
description: A first follow, the same follow again, and a follow of oneself.
users: [alice, bob]
steps:
  - { follow: bob, as: alice }
  - { follow: bob, as: alice, intent: alice follows bob again }
  - { follow: alice, as: alice, intent: alice follows herself }
  - { list: following, as: alice, reported: false, intent: what alice follows afterwards }
`,
  `
name: unfollow-not-following
title: unfollow when not following
description: Stopping a follow that does not exist.
users: [alice, bob]
steps:
  - { unfollow: bob, as: alice }
`,
  `
name: unfollow-following
title: unfollow / again
description: Stopping a follow that exists, then stopping it once more.
users: [alice, bob]
follows: [[alice, bob]]
steps:
  - { unfollow: bob, as: alice }
  - { unfollow: bob, as: alice, intent: alice unfollows bob again }
  - { check: bob, as: alice, reported: false }
`,
  `
name: names-a-user
title: names a user by
description: Reading a profile names the user by its numeric id on GitLab and by its login on GitHub.
users: [alice, bob]
steps:
  - { profile: bob, as: alice }
  - { profile: me, as: alice }
`,
  `
name: check-following
title: is following? (yes / no)
description: The caller asks whether it follows a user; GitLab answers with is_followed on the profile.
users: [alice, bob, carol]
follows: [[alice, bob]]
steps:
  - { check: bob, as: alice }
  - { check: carol, as: alice }
`,
  `
name: check-someone-else
title: is following? (someone else)
description: A third user asks whether alice follows bob; only GitHub has a route for it.
users: [alice, bob, carol]
follows: [[alice, bob]]
steps:
  - { check: bob, of: alice, as: carol }
  - { check: carol, of: alice, as: carol }
`,
  `
name: followee-cap
title: followee cap
description: alice already follows 300 users, GitLab's limit; one more follow.
users:
  - alice
  - bob
  - { username: star, count: 300 }
follows: [[alice, "star*"]]
steps:
  - { follow: bob, as: alice }
  - { check: bob, as: alice, intent: whether the follow was stored }
`,
  `
name: following-disabled
title: following turned off
description: bob has turned following off (GitLab's enabled_following); alice tries to follow him.
users: [alice, { username: bob, following: false }]
steps:
  - { follow: bob, as: alice }
  - { check: bob, as: alice, intent: whether the follow was stored }
`,
];
