//! Access tokens: short-lived JWTs signed with HS256.
//!
//! Verification pins the algorithm and checks every claim explicitly, because `jsonwebtoken`'s
//! `Validation` only checks `exp` by default (with 60 s of leeway) and ignores `nbf`, `iss` and
//! `aud` unless told: here `exp`, `nbf`, `iss`, `aud` and `sub` are all required and checked with
//! no leeway, and the header's `kid` must name our key.

use std::path::Path;

use anyhow::Context as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::ApiError;
use crate::secrets;

/// Who issues the tokens.
pub const ISSUER: &str = "l4a";
/// Whom they are for.
pub const AUDIENCE: &str = "l4a-api";

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The issuer, [`ISSUER`].
    pub iss: String,
    /// The audience, [`AUDIENCE`].
    pub aud: String,
    /// The account's id.
    pub sub: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Not valid before.
    pub nbf: i64,
    /// Not valid from.
    pub exp: i64,
    /// The account's session epoch when issued; a bumped epoch ends the session.
    pub epoch: i64,
    /// The session (refresh token family) the token belongs to: ending the session ends the token.
    pub fam: String,
}

/// The key that signs and checks access tokens, and their lifetime.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    kid: String,
    /// A second secret derived from the signing secret, for keying entity tags.
    etag_seed: String,
    validation: Validation,
    lifetime_seconds: i64,
}

impl TokenKeys {
    /// The key from `JWT_SECRET`, else `JWT_KEY_FILE`, else `DATA_DIR/jwt.key`, generated there on
    /// first start. The secret is never logged; its `kid` (a digest prefix) names it in tokens.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let secret = match (&config.jwt_secret, &config.jwt_key_file) {
            (Some(secret), _) => secret.0.clone(),
            (None, Some(file)) => read_key(file)?,
            (None, None) => generated_key(&config.data_dir.join("jwt.key"))?,
        };
        Self::new(secret.as_bytes(), i64::from(config.access_token_minutes) * 60)
    }

    /// Keys from a secret of at least 32 bytes.
    pub fn new(secret: &[u8], lifetime_seconds: i64) -> anyhow::Result<Self> {
        anyhow::ensure!(secret.len() >= 32, "the token signing secret must be at least 32 bytes");
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        let kid = secrets::digest(&String::from_utf8_lossy(secret))[..16].to_owned();
        // The kid is public and is a prefix of the secret's digest: the tag key must differ from it.
        let etag_seed = secrets::digest(&format!("entity tags:{}", String::from_utf8_lossy(secret)));
        Ok(Self {
            encoding: EncodingKey::from_secret(secret).context("the token signing key")?,
            decoding: DecodingKey::from_secret(secret).context("the token checking key")?,
            kid,
            etag_seed,
            validation,
            lifetime_seconds,
        })
    }

    /// How long an access token lives, in seconds.
    /// The key of entity tags: derived from the signing secret, never the secret itself.
    pub fn etag_key(&self) -> String {
        self.etag_seed.clone()
    }

    pub fn lifetime_seconds(&self) -> i64 {
        self.lifetime_seconds
    }

    /// Issues an access token for `user_id` at `now` (seconds since the epoch).
    pub fn issue(&self, user_id: &str, epoch: i64, family: &str, now: i64) -> anyhow::Result<String> {
        let claims = Claims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: user_id.to_owned(),
            iat: now,
            nbf: now,
            exp: now + self.lifetime_seconds,
            epoch,
            fam: family.to_owned(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).context("signing an access token")
    }

    /// Checks a token's key, algorithm, signature and claims; any failure is a 401 that does not
    /// say which check failed beyond what helps an honest client (expired or not).
    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let invalid = || ApiError::Unauthorized { detail: "the access token is not valid".into() };
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
        if header.alg != Algorithm::HS256 || header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(invalid());
        }
        match jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation) {
            Ok(data) => Ok(data.claims),
            Err(error) if matches!(error.kind(), jsonwebtoken::errors::ErrorKind::ExpiredSignature) => {
                Err(ApiError::Unauthorized { detail: "the access token has expired; refresh it".into() })
            }
            Err(_) => Err(invalid()),
        }
    }
}

fn read_key(file: &Path) -> anyhow::Result<String> {
    let key = std::fs::read_to_string(file).with_context(|| format!("reading the token key {}", file.display()))?;
    Ok(key.trim().to_owned())
}

/// Reads the generated key, or generates it (readable by the owner only) on first start.
fn generated_key(file: &Path) -> anyhow::Result<String> {
    if file.exists() {
        return read_key(file);
    }
    if let Some(dir) = file.parent() {
        crate::files::private_dir(dir)?;
    }
    let key = secrets::random_hex(32)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(file) {
        Ok(mut handle) => {
            std::io::Write::write_all(&mut handle, key.as_bytes())
                .with_context(|| format!("writing {}", file.display()))?;
            tracing::info!(file = %file.display(), "generated the token signing key");
            Ok(key)
        }
        // Another process created it first: use theirs.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => read_key(file),
        Err(error) => Err(error).with_context(|| format!("creating {}", file.display())),
    }
}
