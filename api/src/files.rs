//! Files and folders the server creates: private to the account that runs it, since they hold
//! the database (private contacts, password hashes) and the token signing key.

use std::path::Path;

use anyhow::Context as _;

/// Creates `dir` and its missing parents, readable by the owner only (0700).
pub fn private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).with_context(|| format!("creating the folder {}", dir.display()))
}

/// Makes sure `file` exists and is readable by the owner only (0600), tightening an existing one.
/// SQLite gives its `-wal` and `-shm` files the mode of the database file, so they follow.
pub fn private_file(file: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(file).with_context(|| format!("creating {}", file.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("making {} private", file.display()))?;
    }
    Ok(())
}
