//! Why a command failed: its input, or writing what it prints.

/// Why a command failed: its input (data, settings, files), or writing what it prints.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Input(#[from] makemore::Error),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

impl Failure {
    /// The line for stderr, or `None` when the reader stopped reading
    /// (`makemore sample --num 1000000 | head`, `makemore heatmap -o - | head`): not an error.
    pub fn message(&self) -> Option<String> {
        let broken_pipe = |err: &std::io::Error| err.kind() == std::io::ErrorKind::BrokenPipe;
        match self {
            Failure::Output(err) if broken_pipe(err) => None,
            Failure::Input(makemore::Error::Write { source, .. }) if broken_pipe(source) => None,
            failure => Some(format!("error: {failure}")),
        }
    }
}
