//! The claims of the article this version does not measure yet: each has its spec and the
//! verdict `not-measured`, so that the report lists every claim and invents none.

use super::{Claim, Spec, not_measured};
use crate::results::{self, ResultsFile};

/// A claim with a spec and no measurement.
pub struct Planned(pub &'static Spec);

impl Claim for Planned {
    fn spec(&self) -> &'static Spec {
        self.0
    }

    fn verdict(&self, _file: &ResultsFile) -> results::Claim {
        not_measured(
            self.0,
            "this version of pyrust-bench does not measure it yet",
        )
    }
}
