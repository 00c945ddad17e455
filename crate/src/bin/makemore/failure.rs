//! Why a command failed: its input, or writing what it prints.

/// Why a command failed: its input (data, settings, files), or writing what it prints.
pub enum Failure {
    Input(makemore::Error),
    Output(std::io::Error),
}

impl Failure {
    /// The line for stderr, or `None` when the reader stopped reading
    /// (`makemore sample --num 1000000 | head`): not an error.
    pub fn message(&self) -> Option<String> {
        match self {
            Failure::Output(err) if err.kind() == std::io::ErrorKind::BrokenPipe => None,
            Failure::Output(err) => Some(format!("error: cannot write the output: {err}")),
            Failure::Input(err) => Some(format!("error: {err}")),
        }
    }
}

impl From<makemore::Error> for Failure {
    fn from(err: makemore::Error) -> Self {
        Failure::Input(err)
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::Output(err)
    }
}
