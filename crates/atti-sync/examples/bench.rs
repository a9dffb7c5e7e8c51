//! `cargo run -p atti-sync --example bench --features testkit -- [packages] [bytes]`: starts a
//! private Apache over TLS and uploads N files of ~200 KB through `atti_sync::run` (4 in flight),
//! printing the time; compare with `rclone copy` and `curl -Z --parallel-max 4` on that server.

fn main() {
    let mut args = std::env::args().skip(1);
    let packages: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let size: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(200 * 1024);
    let fx = atti_sync::testkit::Fixture::start();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let result = rt.block_on(atti_sync::testkit::bench(
        &fx.client(),
        "dav/bench",
        packages,
        size,
    ));
    println!(
        "atti-sync: {} files, {} bytes in {:.2} s ({:.1} MB/s)",
        result.files,
        result.bytes,
        result.elapsed.as_secs_f64(),
        result.bytes as f64 / 1e6 / result.elapsed.as_secs_f64()
    );
}
