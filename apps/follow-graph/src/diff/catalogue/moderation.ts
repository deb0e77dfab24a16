// The catalogue's scenarios about moderation: suspension (GitLab's block), bans, deactivation,
// and GitHub's user-to-user blocks.
export const MODERATION_SCENARIOS = [
  `
name: suspended-account
title: suspended / blocked account
description: bob is suspended (GitLab blocked) and follows alice; others read him, and he uses his token.
users: [alice, { username: bob, state: suspended }]
follows: [[bob, alice]]
steps:
  - { profile: bob, as: alice }
  - { list: followers, of: alice, as: alice }
  - { follow: bob, as: alice }
  - { profile: me, as: bob }
`,
  `
name: suspend-and-back
title: suspend, then unsuspend
description: root suspends bob, who follows alice, and later lifts it; the follow comes back.
users: [alice, bob]
follows: [[bob, alice]]
steps:
  - { suspend: bob }
  - { list: followers, of: alice, as: alice }
  - { unsuspend: bob }
  - { list: followers, of: alice, as: alice, intent: alice lists her followers again }
`,
  `
name: banned-account
title: banned account
description: bob is banned (GitLab only); alice reads and follows him, bob uses his token.
users: [alice, { username: bob, state: banned }]
steps:
  - { profile: bob, as: alice }
  - { follow: bob, as: alice }
  - { profile: me, as: bob }
`,
  `
name: deactivated-account
title: deactivated account
description: bob is deactivated (GitLab only); alice reads and follows him, bob uses his token.
users: [alice, { username: bob, state: deactivated }]
steps:
  - { profile: bob, as: alice }
  - { follow: bob, as: alice }
  - { profile: me, as: bob }
`,
  `
name: moderation-repeat
title: suspend / unsuspend, twice each
description: root suspends bob twice, then lifts it twice; the repeats change nothing.
users: [alice, bob]
steps:
  - { suspend: bob, reported: true }
  - { suspend: bob, reported: true, intent: root suspends bob again }
  - { unsuspend: bob, reported: true }
  - { unsuspend: bob, reported: true, intent: root unsuspends bob again }
`,
  `
name: moderation-by-non-admin
title: moderation by a non-admin
description: alice, not an administrator, tries to suspend bob.
users: [alice, bob]
steps:
  - { suspend: bob, as: alice, reported: true }
`,
  `
name: user-to-user-blocks
title: user-to-user blocks
description: alice and bob follow each other; alice blocks bob; bob tries to follow her again.
users: [alice, bob]
follows: [[alice, bob], [bob, alice]]
steps:
  - { block: bob, as: alice }
  - { check: alice, as: bob, intent: whether bob still follows alice }
  - { follow: alice, as: bob }
  - { check: alice, as: bob, intent: whether the follow was stored }
`,
  `
name: block-repeat
title: block / unblock, twice each
description: alice blocks bob twice, then unblocks him twice (GitHub's blocks; GitLab has none).
users: [alice, bob]
steps:
  - { block: bob, as: alice }
  - { block: bob, as: alice, intent: alice blocks bob again }
  - { unblock: bob, as: alice }
  - { unblock: bob, as: alice, intent: alice unblocks bob again }
`,
];
