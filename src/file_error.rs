//! Why a file the program writes or reads for itself (schema files, recovery snapshots) could
//! not be: the path, and what went wrong there.

use std::path::PathBuf;

/// A file could not be read, parsed or written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Reading or writing failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Reading failed (too large, unreadable, not UTF-8…); the message names the file.
    #[error("{0}")]
    Load(#[from] crate::project_file::LoadError),
    /// Saving failed.
    #[error("{}: could not save: {source}", path.display())]
    Save {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The text does not parse, at this line and column.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// It parses but is not what it should be.
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    /// There is nowhere to write the program's own files.
    #[error("no data folder (neither $XDG_DATA_HOME nor $HOME is set)")]
    NoDataFolder,
    /// Two places were tried and both failed.
    #[error("{first}; {second}")]
    Both {
        first: Box<FileError>,
        second: Box<FileError>,
    },
}

impl FileError {
    /// An I/O failure at `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        FileError::Io {
            path: path.into(),
            source,
        }
    }
}
