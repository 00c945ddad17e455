use makemore::counting::{Counts, Model, Smoothing, arpa};
use std::time::Instant;
fn main() -> makemore::Result<()> {
    for _ in 0..5 {
        let t = Instant::now();
        let counts = Counts::from_file(std::env::args().nth(1).unwrap(), 5)?;
        let t1 = t.elapsed();
        let model = Model::from_counts(&counts, Smoothing::ModifiedKneserNey)?;
        let t2 = t.elapsed();
        let mut out = Vec::new();
        arpa::write(&model, &mut out)?;
        let t3 = t.elapsed();
        std::fs::write("/tmp/scratch.arpa", &out).unwrap();
        println!("count {:?} model {:?} write {:?}", t1, t2 - t1, t3 - t2);
    }
    Ok(())
}
