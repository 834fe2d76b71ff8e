//! Secrets: passwords hashed with Argon2id, random tokens, and their comparison.
//!
//! Passwords are low-entropy, so they get a slow, salted, memory-hard hash: Argon2id with the
//! `argon2` crate's defaults (19 MiB of memory, 2 passes, 1 lane: OWASP's recommended minimum),
//! stored as a PHC string that carries its own parameters, so raising them later only affects
//! new hashes. Refresh tokens and API keys are 256-bit random secrets: guessing one is hopeless,
//! so a fast SHA-256 is enough to store them, and they are compared in constant time.

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

/// A password in Unicode normal form C: "é" typed as one character or as "e" and an accent is
/// the same password, whichever keyboard or system typed it.
fn normalised(password: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    password.nfc().collect()
}

/// Hashes and checks passwords on a few threads of their own, never more at once.
///
/// Each Argon2 run takes 19 MiB and tens of milliseconds of a core. Run on actix's blocking pool
/// (512 threads), a burst of sign-ins took gigabytes and starved every other request, and glibc
/// kept the memory afterwards. Here a fixed set of threads, about one per core, each owns one
/// Argon2 memory area allocated once and reused for every hash, and a short queue stands in
/// front of them: past it, a caller gets 503 with `Retry-After` at once. Memory for hashing is
/// therefore bounded by `threads × 19 MiB` whatever the load.
pub struct Passwords {
    /// The hash checked when an email is unknown, so that the answer takes as long as for a
    /// known email with a wrong password.
    decoy: String,
    jobs: std::sync::mpsc::SyncSender<Job>,
    /// Jobs being hashed or waiting, and how many there may be (threads and queue together).
    in_flight: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    capacity: usize,
}

/// Counts a job as in flight until it is answered or abandoned.
struct InFlight(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// What a hashing thread is asked to do.
enum Work {
    Hash(String),
    Verify { password: String, stored: String },
}

struct Job {
    work: Work,
    reply: tokio::sync::oneshot::Sender<anyhow::Result<Outcome>>,
}

enum Outcome {
    Hashed(String),
    Verified(bool),
}

impl Passwords {
    /// Starts `threads` hashing threads behind a queue of `queue` waiting jobs, and prepares the
    /// decoy hash.
    pub fn new(threads: usize, queue: usize) -> anyhow::Result<Self> {
        let (jobs, waiting) = std::sync::mpsc::sync_channel::<Job>(queue);
        let waiting = std::sync::Arc::new(std::sync::Mutex::new(waiting));
        for n in 0..threads.max(1) {
            let waiting = waiting.clone();
            std::thread::Builder::new()
                .name(format!("l4a-argon2-{n}"))
                .spawn(move || hashing_thread(&waiting))
                .map_err(|e| anyhow::anyhow!("starting a password hashing thread: {e}"))?;
        }
        let in_flight = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        Ok(Self { decoy: hash_password(&random_hex(16)?)?, jobs, in_flight, capacity: threads.max(1) + queue })
    }

    /// Whether the threads and their queue are full now, so a check would be refused (503).
    /// Sign-ins ask first, so that a refused one costs nothing, not even a count of attempts.
    pub fn busy(&self) -> bool {
        self.in_flight.load(std::sync::atomic::Ordering::Relaxed) >= self.capacity
    }

    async fn run(&self, work: Work) -> Result<Outcome, crate::error::ApiError> {
        self.in_flight.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let _in_flight = InFlight(self.in_flight.clone());
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.jobs.try_send(Job { work, reply }).map_err(|error| match error {
            std::sync::mpsc::TrySendError::Full(_) => crate::error::ApiError::Overloaded { retry_after: 1 },
            std::sync::mpsc::TrySendError::Disconnected(_) => {
                crate::error::ApiError::Internal(anyhow::anyhow!("the password hashing threads are gone"))
            }
        })?;
        let outcome = answer.await.map_err(|_| anyhow::anyhow!("a password hashing thread dropped its job"))?;
        Ok(outcome?)
    }

    /// Checks `password` against a stored hash, or against the decoy when there is none; only a
    /// real hash can match. 503 when the hashing threads and their queue are full.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> Result<bool, crate::error::ApiError> {
        let work = Work::Verify { password: normalised(password), stored: stored.unwrap_or(&self.decoy).to_owned() };
        match self.run(work).await? {
            Outcome::Verified(matches) => Ok(matches && stored.is_some()),
            Outcome::Hashed(_) => Err(anyhow::anyhow!("a verification came back as a hash").into()),
        }
    }

    /// Hashes a new password. 503 when the hashing threads and their queue are full.
    pub async fn hash(&self, password: &str) -> Result<String, crate::error::ApiError> {
        match self.run(Work::Hash(normalised(password))).await? {
            Outcome::Hashed(hash) => Ok(hash),
            Outcome::Verified(_) => Err(anyhow::anyhow!("a hash came back as a verification").into()),
        }
    }
}

/// Takes jobs until the server stops, reusing one Argon2 memory area for all of them.
fn hashing_thread(waiting: &std::sync::Mutex<std::sync::mpsc::Receiver<Job>>) {
    let mut memory: Vec<argon2::Block> = Vec::new();
    loop {
        let job = {
            let receiver = waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match receiver.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        let outcome = match job.work {
            Work::Hash(password) => hash_with_memory(&password, &mut memory).map(Outcome::Hashed),
            Work::Verify { password, stored } => {
                Ok(Outcome::Verified(verify_with_memory(&password, &stored, &mut memory)))
            }
        };
        // The caller may have gone (a closed connection); nothing is owed to it then.
        let _ = job.reply.send(outcome);
    }
}

/// Argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane), as [`hash_password`] but in
/// `memory`, grown once to the size the parameters need.
fn hash_with_memory(password: &str, memory: &mut Vec<argon2::Block>) -> anyhow::Result<String> {
    use argon2::password_hash::phc::{Output, ParamsString, Salt};
    let params = argon2::Params::default();
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("the system's random source failed: {e}"))?;
    let mut out = [0u8; argon2::Params::DEFAULT_OUTPUT_LEN];
    let argon2 = Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params.clone());
    argon2
        .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, blocks(memory, &params))
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))?;
    let hash = PasswordHash {
        algorithm: argon2::Algorithm::Argon2id.ident(),
        version: Some(argon2::Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| anyhow::anyhow!("encoding Argon2 parameters: {e}"))?,
        salt: Some(Salt::new(&salt).map_err(|e| anyhow::anyhow!("encoding a salt: {e}"))?),
        hash: Some(Output::new(&out).map_err(|e| anyhow::anyhow!("encoding a hash: {e}"))?),
    };
    Ok(hash.to_string())
}

/// Checks `password` against a PHC string in `memory`; anything unreadable is no match.
fn verify_with_memory(password: &str, stored: &str, memory: &mut Vec<argon2::Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else { return false };
    let Ok(algorithm) = argon2::Algorithm::try_from(parsed.algorithm.as_str()) else { return false };
    let Ok(version) = parsed.version.map_or(Ok(argon2::Version::default()), argon2::Version::try_from) else {
        return false;
    };
    let Ok(params) = argon2::Params::try_from(&parsed) else { return false };
    // A stored hash may ask for more memory than we would ever use; refuse rather than allocate.
    if params.m_cost() > argon2::Params::DEFAULT_M_COST * 4 {
        return false;
    }
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params.clone());
    argon2.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, blocks(memory, &params)).is_ok()
        && bool::from(out.as_slice().ct_eq(expected.as_bytes()))
}

/// The first `params.block_count()` blocks of `memory`, growing it when it is too small.
fn blocks<'a>(memory: &'a mut Vec<argon2::Block>, params: &argon2::Params) -> &'a mut [argon2::Block] {
    let needed = params.block_count();
    if memory.len() < needed {
        memory.resize(needed, argon2::Block::new());
    }
    &mut memory[..needed]
}

/// Hashes a password with Argon2id and a fresh random salt, as the hashing threads do (for the
/// command line and the demo seed; the server hashes through [`Passwords`]).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    hash_with_memory(&normalised(password), &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_matches_its_own_hash_only() {
        let passwords = Passwords::new(2, 4).unwrap_or_else(|e| panic!("{e}"));
        let hash = passwords.hash("correct horse battery").await.unwrap_or_default();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        let verify = |password: &'static str, stored: Option<String>| {
            let passwords = &passwords;
            async move { passwords.verify(password, stored.as_deref()).await.unwrap_or_else(|e| panic!("{e}")) }
        };
        assert!(verify("correct horse battery", Some(hash.clone())).await);
        assert!(!verify("correct horse batterY", Some(hash.clone())).await);
        assert!(!verify("correct horse battery", None).await, "the decoy never lets anyone in");
        assert!(!verify("correct horse battery", Some("not a hash".into())).await);
        assert_ne!(passwords.hash("correct horse battery").await.unwrap_or_default(), hash, "salted");
        // The same text typed in another Unicode form is the same password.
        let composed = passwords.hash("caf\u{e9} au lait le matin").await.unwrap_or_default();
        assert!(verify("cafe\u{301} au lait le matin", Some(composed)).await);
        // Hashes made by the argon2 crate's own hasher (stored before the pool existed) verify too.
        let by_crate =
            argon2::password_hash::PasswordHasher::hash_password(&Argon2::default(), b"correct horse battery")
                .map(|hash| hash.to_string())
                .unwrap_or_default();
        assert!(verify("correct horse battery", Some(by_crate)).await);
        let by_command_line = hash_password("correct horse battery").unwrap_or_default();
        assert!(verify("correct horse battery", Some(by_command_line)).await);
    }

    #[tokio::test]
    async fn past_the_threads_and_their_queue_a_caller_is_told_to_come_back() {
        let passwords = std::sync::Arc::new(Passwords::new(1, 2).unwrap_or_else(|e| panic!("{e}")));
        let attempts: Vec<_> = (0..12)
            .map(|_| {
                let passwords = passwords.clone();
                tokio::spawn(async move { passwords.verify("a guess at the password", None).await })
            })
            .collect();
        let mut busy = 0;
        for attempt in attempts {
            match attempt.await.unwrap_or_else(|e| panic!("{e}")) {
                Ok(matches) => assert!(!matches),
                Err(crate::error::ApiError::Overloaded { retry_after }) => {
                    assert!(retry_after >= 1);
                    busy += 1;
                }
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        // One thread and two places in the queue: at most three of twelve go through at once.
        assert!(busy >= 12 - 3, "{busy} of 12 were turned away");
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
