//! The app's state and the reducer that changes it, after Yew's `function_todomvc`.
//!
//! The reducer is pure: it calls only the deterministic core, so the same seed and the same
//! clicks give the same keys and ciphertexts in every browser and in the tests.

use std::rc::Rc;

use keyfall_core::{Disk, SimRng};
use yew::Reducible;

/// The seed the playground starts from; a share link will carry it later.
pub const SEED: u64 = 42;

/// The VM's OS disk, as Azure names it.
pub const DISK_NAME: &str = "vm1-osdisk";

/// The secret under which the disk's BEK is stored in the vault (ADE names it after the VM).
pub const BEK_SECRET: &str = "vm1-bek";

/// What the VM has on its disk before encryption: small enough to show, long enough for
/// several sectors.
pub const PAYROLL: &str = "name,salary\nalice,42000\nbob,39000\ncarol,51000\ndave,47500\n\
                           erin,45000\nfrank,38500\ngrace,53000\nheidi,41000\nivan,49500\n";

/// Bytes of AES-GCM nonce in front of each sealed sector (`nonce || ciphertext || tag`, the
/// layout of `keyfall_core::SymKey::seal`). Skipped when showing ciphertext, because the nonce
/// is not ciphertext.
const NONCE_LEN: usize = 12;

/// Ciphertext bytes shown in the result panel.
const SHOWN_BYTES: usize = 16;

/// Lines of sector 0 drawn on the VM's disk, and hex bytes per line when encrypted.
const PREVIEW_LINES: usize = 3;
const PREVIEW_BYTES_PER_LINE: usize = 6;

/// Everything the user can ask the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Generate a BEK, encrypt the VM's disk with it and store the BEK in the vault.
    EncryptDisk,
}

/// The result of one [`Action::EncryptDisk`], ready to display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encryption {
    /// Which run this was, from 1; the stage restarts its animation when it changes.
    pub run: u32,
    /// Version id of the BEK secret written to the vault.
    pub bek_version: String,
    /// Plaintext bytes written to the disk.
    pub plaintext_len: usize,
    /// Bytes the disk holds after encryption, nonces and tags included.
    pub stored_len: usize,
    /// Number of sealed sectors.
    pub sectors: usize,
    /// The first ciphertext bytes of sector 0, as lowercase hex: bytes apart by spaces, lines
    /// of eight apart by a newline.
    pub first_bytes_hex: String,
    /// The start of sector 0's ciphertext as hex lines, for the disk on the stage.
    pub preview: Vec<String>,
    /// The disk decrypts back to the plaintext under the BEK.
    pub round_trip: bool,
    /// The disk does not decrypt under a different key.
    pub wrong_key_rejected: bool,
}

/// The whole app state.
#[derive(Debug, Clone)]
pub struct State {
    rng: SimRng,
    /// The most recent encryption, if any.
    pub last: Option<Encryption>,
    /// Versions of the BEK secret in the vault, oldest first.
    pub bek_versions: Vec<String>,
}

impl State {
    pub fn new(seed: u64) -> Self {
        State {
            rng: SimRng::from_seed(seed),
            last: None,
            bek_versions: Vec::new(),
        }
    }

    /// The start of sector 0 as the disk stores it, one string per line: plaintext before
    /// encryption, ciphertext hex after.
    pub fn on_disk(&self) -> Vec<String> {
        match &self.last {
            Some(e) => e.preview.clone(),
            None => PAYROLL
                .lines()
                .take(PREVIEW_LINES)
                .map(str::to_owned)
                .collect(),
        }
    }

    /// How many times the disk has been encrypted.
    pub fn runs(&self) -> u32 {
        self.last.as_ref().map_or(0, |e| e.run)
    }

    fn encrypt_disk(&mut self) {
        let bek = self.rng.key();
        let bek_version = self.rng.hex(4);
        let data = PAYROLL.as_bytes();
        let disk = Disk::encrypt(DISK_NAME, &mut self.rng, &bek, data);
        let wrong_key = self.rng.key();

        let ciphertext = disk
            .sectors()
            .first()
            .and_then(|s| s.get(NONCE_LEN..))
            .unwrap_or_default();
        let first_bytes_hex = ciphertext[..SHOWN_BYTES.min(ciphertext.len())]
            .chunks(8)
            .map(hex)
            .collect::<Vec<_>>()
            .join("\n");
        let preview = ciphertext
            .chunks(PREVIEW_BYTES_PER_LINE)
            .take(PREVIEW_LINES)
            .map(hex)
            .collect();
        let encryption = Encryption {
            run: self.runs() + 1,
            bek_version: bek_version.clone(),
            plaintext_len: data.len(),
            stored_len: disk.sectors().iter().map(Vec::len).sum(),
            sectors: disk.sectors().len(),
            first_bytes_hex,
            preview,
            round_trip: disk.decrypt(&bek).is_ok_and(|plain| plain == data),
            wrong_key_rejected: disk.decrypt(&wrong_key).is_err(),
        };
        self.bek_versions.push(bek_version);
        self.last = Some(encryption);
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::EncryptDisk => next.encrypt_disk(),
        }
        Rc::new(next)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}
