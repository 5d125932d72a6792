//! Values that must never reach a log: SMS bodies, codes, phone numbers.

use std::fmt;

/// Wraps a private value so that `{:?}` and `{}` print only its length.
///
/// Logging a `Redacted` is always safe; getting the value out takes an explicit
/// [`Redacted::expose`], which is easy to spot in review.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Redacted<T>(T);

impl<T> Redacted<T> {
    pub fn new(value: T) -> Self {
        Redacted(value)
    }

    /// The private value itself, for computing with or printing to the person.
    pub fn expose(&self) -> &T {
        &self.0
    }

    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: AsRef<str>> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<redacted {} chars>", self.0.as_ref().chars().count())
    }
}

impl<T: AsRef<str>> fmt::Display for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl<T: serde::Serialize> serde::Serialize for Redacted<T> {
    /// Serialising is for output the person asked for (classify, verdicts), never for logs.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let code = Redacted::new("482913".to_string());
        assert_eq!(format!("{code:?}"), "<redacted 6 chars>");
        assert_eq!(format!("{code}"), "<redacted 6 chars>");
        assert_eq!(code.expose(), "482913");
    }
}
