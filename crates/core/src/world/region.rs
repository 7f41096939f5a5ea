//! Azure's public regions by their az names, with the geography each belongs to and its pair.
//!
//! Learn, "Azure region pairs and nonpaired regions" (reliability/cross-region-replication-azure)
//! gives the pairs; "Azure geographies" the data-residency boundary that Key Vault backups stay
//! inside ("restore ... in the same Azure geography"). A pair is one-directional where Learn says
//! so: West India's secondary is South India, South India's is Central India; Brazil South's is
//! South Central US (outside its geography), and South Central US's is North Central US.

/// One public Azure region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// The name az takes and prints (`westcentralus`).
    pub name: &'static str,
    /// The display name (`West Central US`).
    pub display: &'static str,
    /// The geography: the boundary a key backup can be restored within.
    pub geography: &'static str,
    /// The secondary region of its pair, or `None` for a region without a pair.
    pub paired: Option<&'static str>,
}

const fn r(
    name: &'static str,
    display: &'static str,
    geography: &'static str,
    paired: Option<&'static str>,
) -> Region {
    Region {
        name,
        display,
        geography,
        paired,
    }
}

/// Every public region Keyfall knows, in the order `az account list-locations` lists the
/// recommended ones first.
pub const REGIONS: &[Region] = &[
    r("eastus", "East US", "United States", Some("westus")),
    r("eastus2", "East US 2", "United States", Some("centralus")),
    r(
        "southcentralus",
        "South Central US",
        "United States",
        Some("northcentralus"),
    ),
    r(
        "westus2",
        "West US 2",
        "United States",
        Some("westcentralus"),
    ),
    r("westus3", "West US 3", "United States", Some("eastus")),
    r(
        "australiaeast",
        "Australia East",
        "Australia",
        Some("australiasoutheast"),
    ),
    r(
        "southeastasia",
        "Southeast Asia",
        "Asia Pacific",
        Some("eastasia"),
    ),
    r("northeurope", "North Europe", "Europe", Some("westeurope")),
    r(
        "swedencentral",
        "Sweden Central",
        "Sweden",
        Some("swedensouth"),
    ),
    r("uksouth", "UK South", "United Kingdom", Some("ukwest")),
    r("westeurope", "West Europe", "Europe", Some("northeurope")),
    r("centralus", "Central US", "United States", Some("eastus2")),
    r(
        "southafricanorth",
        "South Africa North",
        "South Africa",
        Some("southafricawest"),
    ),
    r("centralindia", "Central India", "India", Some("southindia")),
    r(
        "eastasia",
        "East Asia",
        "Asia Pacific",
        Some("southeastasia"),
    ),
    r("japaneast", "Japan East", "Japan", Some("japanwest")),
    r("koreacentral", "Korea Central", "Korea", Some("koreasouth")),
    r(
        "canadacentral",
        "Canada Central",
        "Canada",
        Some("canadaeast"),
    ),
    r(
        "francecentral",
        "France Central",
        "France",
        Some("francesouth"),
    ),
    r(
        "germanywestcentral",
        "Germany West Central",
        "Germany",
        Some("germanynorth"),
    ),
    r("italynorth", "Italy North", "Italy", None),
    r("norwayeast", "Norway East", "Norway", Some("norwaywest")),
    r("polandcentral", "Poland Central", "Poland", None),
    r("spaincentral", "Spain Central", "Spain", None),
    r(
        "switzerlandnorth",
        "Switzerland North",
        "Switzerland",
        Some("switzerlandwest"),
    ),
    r("mexicocentral", "Mexico Central", "Mexico", None),
    r(
        "uaenorth",
        "UAE North",
        "United Arab Emirates",
        Some("uaecentral"),
    ),
    r(
        "brazilsouth",
        "Brazil South",
        "Brazil",
        Some("southcentralus"),
    ),
    r("israelcentral", "Israel Central", "Israel", None),
    r("qatarcentral", "Qatar Central", "Qatar", None),
    r("newzealandnorth", "New Zealand North", "New Zealand", None),
    r(
        "northcentralus",
        "North Central US",
        "United States",
        Some("southcentralus"),
    ),
    r("westus", "West US", "United States", Some("eastus")),
    r("japanwest", "Japan West", "Japan", Some("japaneast")),
    r(
        "westcentralus",
        "West Central US",
        "United States",
        Some("westus2"),
    ),
    r(
        "southafricawest",
        "South Africa West",
        "South Africa",
        Some("southafricanorth"),
    ),
    r(
        "australiacentral",
        "Australia Central",
        "Australia",
        Some("australiacentral2"),
    ),
    r(
        "australiacentral2",
        "Australia Central 2",
        "Australia",
        Some("australiacentral"),
    ),
    r(
        "australiasoutheast",
        "Australia Southeast",
        "Australia",
        Some("australiaeast"),
    ),
    r(
        "jioindiacentral",
        "Jio India Central",
        "India",
        Some("jioindiawest"),
    ),
    r(
        "jioindiawest",
        "Jio India West",
        "India",
        Some("jioindiacentral"),
    ),
    r("koreasouth", "Korea South", "Korea", Some("koreacentral")),
    r("southindia", "South India", "India", Some("centralindia")),
    r("westindia", "West India", "India", Some("southindia")),
    r("canadaeast", "Canada East", "Canada", Some("canadacentral")),
    r(
        "francesouth",
        "France South",
        "France",
        Some("francecentral"),
    ),
    r(
        "germanynorth",
        "Germany North",
        "Germany",
        Some("germanywestcentral"),
    ),
    r("norwaywest", "Norway West", "Norway", Some("norwayeast")),
    r(
        "switzerlandwest",
        "Switzerland West",
        "Switzerland",
        Some("switzerlandnorth"),
    ),
    r("ukwest", "UK West", "United Kingdom", Some("uksouth")),
    r(
        "uaecentral",
        "UAE Central",
        "United Arab Emirates",
        Some("uaenorth"),
    ),
    r(
        "brazilsoutheast",
        "Brazil Southeast",
        "Brazil",
        Some("brazilsouth"),
    ),
    r(
        "swedensouth",
        "Sweden South",
        "Sweden",
        Some("swedencentral"),
    ),
];

/// The region az calls `name`. az compares location names without case or spaces
/// (`"East US"`, `"EastUS"` and `eastus` are one region), so this does too.
pub fn region(name: &str) -> Option<&'static Region> {
    let key: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    REGIONS.iter().find(|r| r.name == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_pairs_name_known_regions() {
        for (i, a) in REGIONS.iter().enumerate() {
            assert!(
                REGIONS[i + 1..].iter().all(|b| b.name != a.name),
                "{} twice",
                a.name
            );
            if let Some(p) = a.paired {
                assert!(region(p).is_some(), "{} pairs with unknown {p}", a.name);
                assert_ne!(p, a.name);
            }
        }
    }

    #[test]
    fn pairs_stay_in_their_geography_except_where_learn_says_not() {
        for a in REGIONS {
            let Some(p) = a.paired.and_then(region) else {
                continue;
            };
            if a.name == "brazilsouth" {
                assert_eq!(p.geography, "United States");
            } else {
                assert_eq!(p.geography, a.geography, "{} -> {}", a.name, p.name);
            }
        }
    }

    #[test]
    fn az_location_spellings_resolve() {
        assert_eq!(region("EastUS").map(|r| r.name), Some("eastus"));
        assert_eq!(region("East US").map(|r| r.name), Some("eastus"));
        assert_eq!(
            region("westcentralus").map(|r| r.geography),
            Some("United States")
        );
        assert_eq!(region("atlantis"), None);
    }

    #[test]
    fn one_directional_pairs_as_learn_lists_them() {
        assert_eq!(
            region("westindia").expect("known").paired,
            Some("southindia")
        );
        assert_eq!(
            region("southindia").expect("known").paired,
            Some("centralindia")
        );
        assert_eq!(
            region("southcentralus").expect("known").paired,
            Some("northcentralus")
        );
    }

    #[test]
    fn every_geography_has_an_hsm_root() {
        let geos = super::super::GEOGRAPHIES;
        for r in REGIONS {
            assert!(geos.contains(&r.geography), "{} has no root", r.geography);
        }
        for (i, g) in geos.iter().enumerate() {
            assert!(!geos[i + 1..].contains(g), "{g} twice");
            assert!(
                REGIONS.iter().any(|r| r.geography == *g),
                "{g} has no region"
            );
        }
    }
}
