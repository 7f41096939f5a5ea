//! The text of the "About this simulation" panel: what Keyfall models, what is its own inference
//! and what it leaves out, one short sentence an item, for a trainer to read off a projector.
//!
//! It summarises `docs/fidelity.md`, which has one row per behaviour with its status and its
//! Microsoft source. Change the two together: `tests/about.rs` checks that every name in
//! backticks here appears on that page and that the date the sources were checked matches.
//! Items use the scenario format's inline marks (`` `code` ``), drawn by the panel as text.

/// One of the panel's three lists.
#[derive(Debug)]
pub struct Section {
    /// For tests and styles: `modelled`, `inference`, `not-modelled`.
    pub key: &'static str,
    /// A mark before the heading, so the three lists differ by more than colour.
    pub mark: &'static str,
    pub title: &'static str,
    pub items: &'static [&'static str],
}

pub const TITLE: &str = "About this simulation";

/// Under the title: what Keyfall is, and who is right when it disagrees with Azure.
pub const INTRO: &str = "Keyfall is a teaching model, not Azure: Microsoft's current sources \
    outrank it, and where they disagree, Azure is right.";

pub const SECTIONS: &[Section] = &[
    Section {
        key: "modelled",
        mark: "✓",
        title: "Modelled (checked against Microsoft's sources)",
        items: &[
            "Keys and secrets: versions, enable and disable, expiry, HSM keys on premium.",
            "Access policies (or RBAC, the default), built-in roles at any scope, the switches.",
            "Soft delete, recovery, purge and purge protection.",
            "Key and secret backups stay in their subscription and geography.",
            "Azure Disk Encryption, single-pass and legacy (with an Entra app).",
            "A running VM keeps working; deallocate and start fetch its key again.",
            "Disk Encryption Sets: shutdown about an hour after the key is lost.",
            "Azure Backup of encrypted VMs: vault access, recovery points, restores.",
            "Audit log of every vault call; Activity log of role assignments and purges.",
        ],
    },
    Section {
        key: "inference",
        mark: "≈",
        title: "Our inference (no Microsoft source says exactly this)",
        items: &[
            "The platform also sets secrets and wraps keys through `enabledForDiskEncryption`.",
            "A VM that cannot fetch its key at start waits at a BitLocker recovery screen, Linux \
             too.",
            "`VmBootLocked` is Keyfall's name for that failure, not an Azure error code.",
            "`AdeRetired` is Keyfall's name for the refusal after ADE retires (2028-09-15).",
            "The control plane is “the subscription owner”, not Azure RBAC roles.",
            "Key material is simulated: AES-256-GCM stands in for RSA.",
            "`platform-ade`, `platform-compute` and `platform-arm` are Keyfall's names for \
             platform services.",
            "Every public region, with its geography and pair; each VM has one OS disk.",
            "What breaks, the what-if previews and the fixes are Keyfall's analysis.",
        ],
    },
    Section {
        key: "not-modelled",
        mark: "✗",
        title: "Not modelled",
        items: &[
            "Networking: vault firewalls, private endpoints, DNS.",
            "Storage accounts, beyond the name a disk restore takes.",
            "Certificates in Key Vault.",
            "Managed HSM and its security domain; key import and BYOK.",
            "Entra ID sign-in, groups, tenants and PIM.",
            "Control-plane roles (Owner, Contributor) and Azure Policy.",
            "Data disks, scale sets, confidential VMs; the temp disk and caches encryption at host \
             encrypts.",
            "Backup beyond one daily policy: cross-region and file-level restore.",
            "Service limits, throttling, latency and pricing.",
        ],
    },
];

/// The page in the Keyfall repository with a row and a source for every behaviour.
pub const FIDELITY_PAGE: &str = "docs/fidelity.md";

/// When the sources behind `docs/fidelity.md` were last checked (the date on that page).
pub const CHECKED: &str = "2026-12-04";

/// Under the lists, after the page's name.
pub const MORE: &str = "in the Keyfall repository lists every behaviour with its status and \
    source. Rows marked “known wrong” there differ from Azure today: do not teach them.";
