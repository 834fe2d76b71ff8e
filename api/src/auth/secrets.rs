//! Secrets: passwords hashed with Argon2id, random tokens, and their comparison.
//!
//! Passwords are low-entropy, so they get a slow, salted, memory-hard hash: Argon2id with the
//! `argon2` crate's defaults (19 MiB of memory, 2 passes, 1 lane: OWASP's recommended minimum),
//! stored as a PHC string that carries its own parameters, so raising them later only affects
//! new hashes. Refresh tokens and API keys are 256-bit random secrets: guessing one is hopeless,
//! so a fast SHA-256 is enough to store them, and they are compared in constant time.

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Argon2, PasswordHash};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

/// Random bytes from the operating system, as lower-case hex.
pub fn random_hex(bytes: usize) -> anyhow::Result<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| anyhow::anyhow!("the system's random source failed: {e}"))?;
    Ok(hex(&buffer))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// SHA-256 of `secret`, as hex: how random secrets are stored.
pub fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Whether two digests are equal, taking the same time wherever they differ.
pub fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A password for a new account: 20 characters from an alphabet without look-alikes (~110 bits).
pub fn generate_password() -> anyhow::Result<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut password = String::with_capacity(20);
    while password.len() < 20 {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte).map_err(|e| anyhow::anyhow!("the system's random source failed: {e}"))?;
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - 256 % ALPHABET.len();
        if usize::from(byte[0]) < limit {
            password.push(char::from(ALPHABET[usize::from(byte[0]) % ALPHABET.len()]));
        }
    }
    Ok(password)
}

/// Hashes and checks passwords.
pub struct Passwords {
    /// The hash checked when an email is unknown, so that the answer takes as long as for a
    /// known email with a wrong password.
    decoy: String,
}

impl Passwords {
    /// Prepares the decoy hash (one Argon2 run at start-up).
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self { decoy: hash_password(&random_hex(16)?)? })
    }

    /// Checks `password` against a stored hash, or against the decoy when there is none; only a
    /// real hash can match.
    pub fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let matches = verify_password(password, stored.unwrap_or(&self.decoy));
        matches && stored.is_some()
    }
}

/// Hashes a password with Argon2id and a fresh random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let hash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))?;
    Ok(hash.to_string())
}

fn verify_password(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(hash) => Argon2::default().verify_password(password.as_bytes(), &hash).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_its_own_hash_only() {
        let hash = hash_password("correct horse battery").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        let passwords = Passwords::new().unwrap_or_else(|e| panic!("{e}"));
        assert!(passwords.verify("correct horse battery", Some(&hash)));
        assert!(!passwords.verify("correct horse batterY", Some(&hash)));
        assert!(!passwords.verify("correct horse battery", None), "the decoy never lets anyone in");
        assert_ne!(hash_password("correct horse battery").unwrap_or_default(), hash, "salted");
    }

    #[test]
    fn secrets_are_random_and_compared_whole() {
        let (a, b) = (random_hex(32).unwrap_or_default(), random_hex(32).unwrap_or_default());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same_digest(&digest(&a), &digest(&a)));
        assert!(!same_digest(&digest(&a), &digest(&b)));
        assert!(!same_digest("abc", "abcd"));
        let password = generate_password().unwrap_or_default();
        assert_eq!(password.chars().count(), 20);
        assert!(password.chars().all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(c)));
    }
}
