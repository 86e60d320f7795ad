//! Identifiers of the records the domain talks about. They are made outside the domain (the
//! application mints UUIDs), so here they are opaque strings with a type each, so that a
//! resident's id can never be passed where a complaint's is expected.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }
    };
}

id_type!(
    /// A landlord, or a managing agent or contractor acting for one.
    OrganisationId
);
id_type!(
    /// A member of staff (or a system account) who acts on complaints.
    UserId
);
id_type!(
    /// A complaint.
    ComplaintId
);
id_type!(
    /// A resident.
    ResidentId
);
id_type!(
    /// A representative acting for a resident with their authority.
    RepresentativeId
);
id_type!(
    /// A property (a home).
    PropertyId
);
id_type!(
    /// A service request.
    ServiceRequestId
);
