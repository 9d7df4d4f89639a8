//! What `check` (and every build) verifies beyond parsing: links and anchors, onboarding
//! cycles, addresses two files would both take, version rules, external links on request, and
//! the "did you mean" hints their diagnostics carry.

pub(crate) mod external;
pub(crate) mod hints;
pub(crate) mod links;
pub(crate) mod onboarding;
pub(crate) mod url_clashes;
pub(crate) mod versions;
