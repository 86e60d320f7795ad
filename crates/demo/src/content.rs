//! The words of the demo: what residents complain about, how handlers define and answer it,
//! what was learnt, and the names and places the people live in. All invented; any likeness
//! to a real person or address is chance.

/// What a complaint is about, with everything a handler would write about it.
#[derive(Debug)]
pub(crate) struct Topic {
    /// What it is called in letters and lessons learnt.
    pub category: &'static str,
    /// The ids of the landlord's categories it is logged under (the defaults, and the demo's
    /// own [`LETTINGS`]): sometimes several.
    pub categories: &'static [&'static str],
    /// How residents put it.
    pub descriptions: &'static [&'static str],
    /// The points of complaint a handler defines.
    pub points: &'static [&'static str],
    /// Points raised later, added to the definition (Code 6.8) or defined at stage 2.
    pub further_points: &'static [&'static str],
    /// The outcomes residents seek.
    pub outcomes: &'static [&'static str],
    /// What the landlord is responsible for.
    pub responsible_for: &'static str,
    /// What it is not, and who is, when something is not.
    pub not_responsible_for: Option<&'static str>,
    /// The outstanding actions a response may promise.
    pub actions: &'static [&'static str],
    /// Root causes recorded at closure (Code 9.1).
    pub root_causes: &'static [&'static str],
    /// Service improvements.
    pub improvements: &'static [&'static str],
    /// Whether it arises from a repair, so that a service request is linked (Code 1.5).
    pub repair: bool,
    /// How often it comes up, relative to the others.
    pub weight: u32,
}

/// The category the demo landlord adds to the defaults: id and name.
pub(crate) const LETTINGS: (&str, &str) = ("lettings", "Lettings and moves");

/// The topics, most common first.
pub(crate) const TOPICS: &[Topic] = &[
    Topic {
        category: "Repairs",
        categories: &["repairs"],
        descriptions: &[
            "The kitchen tap has leaked for six weeks and two appointments were missed without notice.",
            "The bathroom extractor fan has not worked since March despite three calls.",
            "A contractor left the job half finished and the front door no longer locks properly.",
            "The roof over the back bedroom leaks whenever it rains and nobody has come to look at it.",
        ],
        points: &[
            "The repair has not been completed within the repair timescale.",
            "Appointments were missed without notice.",
            "Calls to the repairs line were not returned.",
            "The quality of the work done was poor.",
        ],
        further_points: &[
            "The resident took unpaid leave for an appointment that was then cancelled.",
            "The handling of the stage 1 complaint did not resolve the repair.",
        ],
        outcomes: &["Complete the repair", "An apology", "Compensation for the time taken off work"],
        responsible_for: "Repairs to the structure and fittings of the home under the tenancy agreement",
        not_responsible_for: Some("Damage to the resident's own belongings, which is for their contents insurance"),
        actions: &["Complete the outstanding repair", "Inspect the work after completion", "Replace the door lock"],
        root_causes: &[
            "Repairs were booked without checking contractor availability.",
            "Missed appointments were not followed up by the repairs team.",
            "Parts were not ordered at the first visit.",
        ],
        improvements: &[
            "Text residents the day before each repair appointment.",
            "Order common parts at diagnosis instead of at the second visit.",
        ],
        repair: true,
        weight: 30,
    },
    Topic {
        category: "Damp and mould",
        categories: &["damp-and-mould", "repairs"],
        descriptions: &[
            "Black mould keeps returning in the children's bedroom and we were told to open the windows.",
            "Damp is coming through the living room wall and the plaster is crumbling.",
        ],
        points: &[
            "Reports of damp and mould were not investigated promptly.",
            "The resident was blamed for lifestyle causes without an inspection.",
            "The mould treatment did not solve the underlying cause.",
        ],
        further_points: &["The damp has affected the health of a child in the household."],
        outcomes: &["A full damp survey", "Permanent repair of the cause", "Compensation for damaged belongings"],
        responsible_for: "Investigating and remedying damp and mould in the home",
        not_responsible_for: None,
        actions: &[
            "Carry out a full damp and mould survey",
            "Install a humidity-controlled extractor fan",
            "Re-inspect six weeks after treatment",
        ],
        root_causes: &[
            "Damp reports were treated as condensation without inspection.",
            "No follow-up inspection was booked after mould wash treatments.",
        ],
        improvements: &[
            "Inspect every damp and mould report within ten working days.",
            "Train call handlers not to attribute damp to lifestyle.",
        ],
        repair: true,
        weight: 18,
    },
    Topic {
        category: "Heating and hot water",
        categories: &["repairs"],
        descriptions: &[
            "The boiler has broken down three times this winter and we were without heating for a week.",
            "There has been no hot water for nine days and the engineer has not returned.",
        ],
        points: &[
            "The heating was not restored within the emergency timescale.",
            "No temporary heaters were offered to a vulnerable household.",
            "Repeated breakdowns were not escalated for a boiler replacement.",
        ],
        further_points: &["The resident's electricity costs rose from using plug-in heaters."],
        outcomes: &["Replace the boiler", "Reimburse electricity costs", "An apology"],
        responsible_for: "Keeping the heating and hot water installation in repair and working order",
        not_responsible_for: None,
        actions: &["Replace the boiler", "Service the heating system", "Reimburse the extra electricity costs"],
        root_causes: &[
            "The heating contractor had too few engineers during a cold spell.",
            "Repeat breakdowns were not flagged for replacement.",
        ],
        improvements: &["Flag a boiler for replacement after its third breakdown in a year."],
        repair: true,
        weight: 12,
    },
    Topic {
        category: "Anti-social behaviour",
        categories: &["anti-social-behaviour", "neighbourhood"],
        descriptions: &[
            "Loud music from the flat above every night, reported many times with no action taken.",
            "Neighbours have been dumping rubbish in the shared garden and were abusive when asked to stop.",
        ],
        points: &[
            "Reports of anti-social behaviour were not acted on.",
            "The resident was not kept informed about their case.",
            "No risk assessment was carried out.",
        ],
        further_points: &["The case was closed without telling the resident."],
        outcomes: &["Action against the perpetrator", "Regular updates", "An apology"],
        responsible_for: "Handling reports of anti-social behaviour under the landlord's ASB policy",
        not_responsible_for: Some("Criminal matters, which are for the police"),
        actions: &["Complete a risk assessment", "Agree an action plan with the resident", "Install noise monitoring"],
        root_causes: &["ASB cases were not reviewed when the officer left.", "No action plan was agreed."],
        improvements: &["Review every open ASB case monthly.", "Agree a written action plan in every ASB case."],
        repair: false,
        weight: 10,
    },
    Topic {
        category: "Staff conduct and communication",
        categories: &["staff-conduct", "communication"],
        descriptions: &[
            "The housing officer was rude on the phone and hung up on me.",
            "Nobody replies to my emails and I have to chase every answer.",
        ],
        points: &[
            "A member of staff was discourteous.",
            "Emails and calls were not answered.",
            "The resident's reasonable adjustments were not followed.",
        ],
        further_points: &["Letters were sent in standard print despite a request for large print."],
        outcomes: &["An apology", "Replies within a reasonable time", "Communication in the agreed format"],
        responsible_for: "The conduct of its staff and the way it communicates with residents",
        not_responsible_for: None,
        actions: &["Hold a feedback meeting with the officer", "Update the resident's contact preferences"],
        root_causes: &[
            "Shared mailbox messages were not assigned to anyone.",
            "Adjustments were not visible to staff.",
        ],
        improvements: &["Show reasonable adjustments on every screen that contacts a resident."],
        repair: false,
        weight: 10,
    },
    Topic {
        category: "Rent and service charges",
        categories: &["rent-and-charges"],
        descriptions: &[
            "My service charge went up by 40% with no explanation of what it pays for.",
            "A rent payment was recorded against the wrong account and I received an arrears letter.",
        ],
        points: &[
            "The service charge increase was not explained.",
            "A payment was misallocated.",
            "An arrears letter was sent in error.",
        ],
        further_points: &["The resident was charged for a service that was not provided."],
        outcomes: &["A breakdown of the charges", "Correct the rent account", "Withdraw the arrears letter"],
        responsible_for: "Setting and explaining rent and service charges and keeping rent accounts",
        not_responsible_for: Some("Housing Benefit decisions, which are the council's"),
        actions: &["Send an itemised service charge breakdown", "Correct the rent account"],
        root_causes: &["Charges were set without consulting residents.", "Payments were matched manually."],
        improvements: &["Publish an itemised service charge statement every year."],
        repair: false,
        weight: 8,
    },
    Topic {
        category: "Estate services",
        categories: &["neighbourhood"],
        descriptions: &[
            "The communal stairs have not been cleaned for a month and the lights are out.",
            "The grass cutting stopped in June and the play area is overgrown.",
        ],
        points: &["Estate services were not delivered as scheduled.", "Communal lighting was not repaired."],
        further_points: &["The resident paid a service charge for services not received."],
        outcomes: &["Restore the cleaning schedule", "Repair the lighting", "Refund the service charge"],
        responsible_for: "Cleaning, grounds maintenance and lighting of the communal areas",
        not_responsible_for: None,
        actions: &["Restore the cleaning schedule", "Repair the communal lighting"],
        root_causes: &["The estate contract was not monitored.", "Schedules were not published to residents."],
        improvements: &["Publish estate service schedules on the website."],
        repair: false,
        weight: 7,
    },
    Topic {
        category: "Lettings and moves",
        categories: &[LETTINGS.0],
        descriptions: &[
            "I was told I would be moved because of my disability but nothing has happened in a year.",
            "The home I was offered was in poor condition at the start of my tenancy.",
        ],
        points: &["The transfer application was not progressed.", "The home was let below the lettable standard."],
        further_points: &["Medical evidence supplied was not considered."],
        outcomes: &["A decision on the transfer", "Bring the home up to standard"],
        responsible_for: "Its lettings policy and the condition of homes at letting",
        not_responsible_for: Some("The council's housing register decisions"),
        actions: &["Review the transfer application", "Complete the void works missed at letting"],
        root_causes: &["Medical assessments had a backlog.", "Void inspections were skipped."],
        improvements: &["Sign off every void against the lettable standard before letting."],
        repair: false,
        weight: 5,
    },
];

/// First names of residents and staff.
pub(crate) const FIRST_NAMES: &[&str] = &[
    "Amara", "Ben", "Chloe", "Daniel", "Ella", "Farid", "Grace", "Harry", "Imani", "Jack", "Kasia", "Liam", "Maya",
    "Noah", "Olivia", "Priya", "Quentin", "Ruby", "Samir", "Tara", "Usman", "Violet", "Wiktor", "Yasmin", "Zain",
    "Aisha", "Callum", "Deborah", "Emeka", "Fiona", "George", "Hannah", "Ibrahim", "Joyce", "Kwame", "Leah",
    "Mohammed", "Niamh", "Oscar", "Patricia",
];

/// Surnames.
pub(crate) const SURNAMES: &[&str] = &[
    "Adeyemi", "Begum", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hussain", "Iqbal", "Jones", "Khan", "Lewis",
    "Morgan", "Nowak", "Okafor", "Patel", "Quinn", "Roberts", "Smith", "Taylor", "Uddin", "Vaughan", "Walker",
    "Wright", "Young", "Ahmed", "Brown", "Campbell", "Edwards", "Hughes", "Kowalski", "Mensah", "Murphy", "O'Brien",
    "Price", "Rahman", "Shah", "Thomas", "Williams", "Wilson",
];

/// Streets.
pub(crate) const STREETS: &[&str] = &[
    "Acacia Avenue",
    "Beacon Road",
    "Canal Street",
    "Dovecote Lane",
    "Elm Grove",
    "Foundry Close",
    "Gasworks Row",
    "Hawthorn Way",
    "Ironbridge Court",
    "Juniper Drive",
    "Kiln Lane",
    "Larch Crescent",
    "Millstone Road",
    "Nightingale Walk",
    "Orchard Rise",
    "Pottery Street",
    "Quarry Hill",
    "Ropewalk",
    "Sandpiper Close",
    "Tannery Lane",
    "Union Terrace",
    "Viaduct Street",
    "Weavers Yard",
    "Yew Tree Gardens",
];

/// Towns, with the letters their invented postcodes start with.
pub(crate) const TOWNS: &[(&str, &str)] = &[
    ("Northbridge", "NB"),
    ("Eastfield", "EF"),
    ("Southmoor", "SM"),
    ("Westholme", "WH"),
    ("Kingsbrook", "KB"),
    ("Ashby Vale", "AV"),
];

/// Disabilities residents disclose, with the adjustment agreed for each (Code 5.10) and the
/// letter format it calls for, if any.
pub(crate) const DISABILITIES: &[(&str, &str, Option<&str>)] = &[
    ("Visual impairment", "Letters in large print (18 point)", Some("large print")),
    ("Hearing impairment", "Contact by email or text message, not by phone", None),
    ("Mobility impairment", "Home visits instead of office appointments", None),
    ("Long-term mental health condition", "A named contact and calls booked in advance", None),
    ("Learning disability", "Letters in Easy Read with a follow-up call", Some("Easy Read")),
    ("Chronic illness", "Appointments in the afternoon only", None),
];

/// Vulnerabilities recorded, which become risk flags on complaints (Code 6.1).
pub(crate) const VULNERABILITIES: &[&str] = &[
    "Lives alone",
    "Aged over 75",
    "Recent bereavement",
    "Financial hardship",
    "Domestic abuse survivor",
    "Young children in the household",
];

/// Who represents residents, and how their authority was given (Code 1.3, 3.6).
pub(crate) const REPRESENTATIVES: &[(&str, &str)] = &[
    ("Daughter", "Signed third-party authority form on file"),
    ("Son", "Signed third-party authority form on file"),
    ("Advocate, Citizens Advice", "Authority letter signed by the resident"),
    ("Local councillor", "Resident's written consent for the councillor to act"),
    ("Support worker", "Authority confirmed by the resident by phone and recorded"),
];

/// Reasons to extend a response (Code 6.4, 6.15).
pub(crate) const EXTENSION_REASONS: &[&str] = &[
    "We are waiting for the contractor's report on the work carried out.",
    "We need to inspect the home with a surveyor before we can answer every point.",
    "The officer involved is on leave and we need their account of what happened.",
];

/// Good reasons to go beyond the Code's extension limit.
pub(crate) const GOOD_REASONS: &[&str] = &[
    "A specialist damp survey cannot be done sooner and the response depends on its findings.",
    "The resident asked us to wait for the outcome of their medical assessment.",
];

/// Policy grounds for not accepting a complaint (Code 2.2), beyond those the Code names.
pub(crate) const POLICY_GROUNDS: &[&str] = &[
    "The matter is a first report of a repair, handled as a service request",
    "The matter is an insurance claim for damaged belongings",
];
