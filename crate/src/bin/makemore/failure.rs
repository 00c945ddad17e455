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
    /// (`makemore sample --num 1000000 | head`): not an error.
    pub fn message(&self) -> Option<String> {
        match self {
            Failure::Output(err) if err.kind() == std::io::ErrorKind::BrokenPipe => None,
            failure => Some(format!("error: {failure}")),
        }
    }
}
