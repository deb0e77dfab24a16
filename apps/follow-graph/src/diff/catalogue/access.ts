// The catalogue's scenarios about who may do what: scopes, anonymous callers, private profiles.
export const ACCESS_SCENARIOS = [
  `
name: missing-write-scope
title: missing write scope
description: alice's read-only token (read_user) tries to follow, then reads.
users:
  - { username: alice, tokens: { readonly: [read_user] } }
  - bob
steps:
  - { follow: bob, token: alice.readonly }
  - { unfollow: bob, token: alice.readonly }
  - { profile: me, token: alice.readonly }
`,
  `
name: anonymous-reads
title: anonymous list reads
description: A caller without a token reads bob's lists and profile, then tries to follow.
users: [alice, bob]
follows: [[alice, bob]]
steps:
  - { list: followers, of: bob, as: anonymous }
  - { profile: bob, as: anonymous }
  - { follow: bob, as: anonymous }
`,
  `
name: private-profile
title: a private profile
description: bob's profile is private; alice reads it, lists it, follows and checks it; bob reads his own list.
users: [alice, { username: bob, private: true }, carol]
follows: [[carol, bob]]
steps:
  - { profile: bob, as: alice }
  - { list: followers, of: bob, as: alice }
  - { follow: bob, as: alice }
  - { check: bob, as: alice }
  - { list: followers, as: bob, intent: bob lists his own followers }
`,
  `
name: make-private
title: a profile made private
description: root makes bob's profile private while alice follows him.
users: [alice, bob]
follows: [[alice, bob]]
steps:
  - { list: following, of: alice, as: bob }
  - { set: private, user: bob }
  - { profile: bob, as: alice }
  - { list: following, of: alice, as: bob, intent: bob lists alice's following again }
`,
];
