// The catalogue's scenarios about follower and following lists: order, page sizes, headers.
export const LIST_SCENARIOS = [
  `
name: list-order
title: list order
description: carol followed alice before bob did; bob has the lower id.
users: [alice, bob, carol]
follows: [[carol, alice], [bob, alice]]
steps:
  - { list: followers, of: alice, as: bob }
`,
  `
name: own-lists
title: the caller's own lists
description: Lists without a user name the caller (GitHub's /user/followers; GitLab needs the caller's id).
users: [alice, bob, carol]
follows: [[alice, bob], [carol, alice]]
steps:
  - { list: following, as: alice }
  - { list: followers, as: alice }
`,
  `
name: page-size-default
title: page size (default)
description: 35 followers, no per_page.
users:
  - alice
  - { username: fan, count: 35 }
follows: [["fan*", alice]]
steps:
  - { list: followers, of: alice, as: alice }
  - { list: followers, of: alice, as: alice, per_page: 101, intent: per_page above the maximum }
`,
  `
name: page-size-bad
title: page size (bad values)
description: per_page=0, a word, and a negative page.
users: [alice, bob]
follows: [[bob, alice]]
steps:
  - { list: followers, of: alice, as: bob, per_page: 0 }
  - { list: followers, of: alice, as: bob, per_page: many }
  - { list: followers, of: alice, as: bob, page: -1 }
`,
  `
name: pagination-headers
title: pagination headers
description: Three followers two to a page, then all on one page.
users: [alice, bob, carol, dave]
follows: [[bob, alice], [carol, alice], [dave, alice]]
steps:
  - { list: followers, of: alice, as: bob, per_page: 2 }
  - { list: followers, of: alice, as: bob, per_page: 10, intent: "bob lists alice's followers, one page holds all" }
`,
  `
name: cursor-links
title: cursor links (middle page)
description: The middle page of three; its next and prev links carry an opaque cursor beside page.
users: [alice, bob, carol, dave]
follows: [[bob, alice], [carol, alice], [dave, alice]]
steps:
  - { list: followers, of: alice, as: bob, per_page: 1, page: 2 }
`,
  `
name: page-past-end
title: page past the end
description: Two followers, one to a page, page 5.
users: [alice, bob, carol]
follows: [[bob, alice], [carol, alice]]
steps:
  - { list: followers, of: alice, as: bob, per_page: 1, page: 5 }
`,
];
