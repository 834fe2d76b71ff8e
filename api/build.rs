//! Embeds the built web app (`web/dist`, or `L4A_WEB_DIST`) in the binary, each file beside its
//! gzip and brotli forms compressed here once, so that a release serves the app with nothing
//! beside it and compresses nothing per request. Without a build, nothing is embedded, and the
//! server reads `STATIC_DIR` as before.

#![expect(clippy::expect_used, reason = "a build script fails the build loudly, with its reason")]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// A compressed form is kept only when it saves at least this share of the bytes.
const WORTH_IT: f64 = 0.9;

fn main() {
    println!("cargo:rerun-if-env-changed=L4A_WEB_DIST");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dist = std::env::var_os("L4A_WEB_DIST").map_or_else(|| manifest.join("../web/dist"), PathBuf::from);
    println!("cargo:rerun-if-changed={}", dist.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let store = out.join("web");
    let _ = std::fs::remove_dir_all(&store);
    std::fs::create_dir_all(&store).expect("creating the embedded web app's folder");

    let mut files = Vec::new();
    if dist.join("index.html").is_file() {
        collect(&dist, &mut files);
    }
    files.sort();
    let mut table = String::from("&[\n");
    for (index, file) in files.iter().enumerate() {
        let path = file.strip_prefix(&dist).expect("a file of the build").to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(file).expect("reading a file of the build");
        let raw = store.join(format!("{index}"));
        std::fs::write(&raw, &bytes).expect("writing an embedded file");
        let compressed = |suffix: &str, data: Vec<u8>| -> String {
            #[expect(clippy::cast_precision_loss, reason = "a ratio of sizes")]
            let worth_it = (data.len() as f64) < bytes.len() as f64 * WORTH_IT;
            if worth_it {
                let target = store.join(format!("{index}.{suffix}"));
                std::fs::write(&target, data).expect("writing a compressed file");
                format!("Some(include_bytes!({:?}))", target.display().to_string())
            } else {
                "None".to_owned()
            }
        };
        let gzip = compressed("gz", gzip(&bytes));
        let brotli = compressed("br", brotli(&bytes));
        let etag = format!("\"{:016x}\"", fnv1a(&bytes));
        let _ = writeln!(
            table,
            "    EmbeddedFile {{ path: {path:?}, raw: include_bytes!({:?}), gzip: {gzip}, brotli: {brotli}, etag: {etag:?} }},",
            raw.display().to_string()
        );
    }
    table.push(']');
    std::fs::write(out.join("web_files.rs"), table).expect("writing the table of embedded files");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("reading the web app's build").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut output = Vec::new();
    {
        let mut encoder = brotli::CompressorWriter::new(&mut output, 64 * 1024, 11, 22);
        encoder.write_all(bytes).expect("brotli into memory");
    }
    output
}

/// A content digest for the entity tag (FNV-1a, 64 bits): it only has to change with the bytes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}
