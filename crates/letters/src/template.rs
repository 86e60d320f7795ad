//! Rendering a letter's template (Redress's own or an organisation's) in a sandbox.
//!
//! The language is minijinja's (`{{ resident.name }}`, `{% if … %}`, `{% for … %}`) with
//! nothing that reaches outside the template or can run for long:
//!
//! - no loader, includes, imports, macros, filters, functions or globals (the crate is built
//!   without them), so a template sees only its [`LetterContext`](crate::LetterContext);
//! - a name that does not exist is an error, not an empty string, so a typo is caught in the
//!   preview rather than leaving a gap in a letter;
//! - fuel (instructions executed) and a recursion limit, so that nested or recursive loops
//!   stop with an error instead of holding a server thread;
//! - no `~`, `+` or `*` and no `{% set %}` (refused before rendering): nothing can build text
//!   larger than the case's own, and the output is capped as it is written;
//! - every value printed is escaped for the letter markup ([`crate::markup`]) and its line
//!   breaks become spaces: a resident's or handler's words are always text, never a heading,
//!   list, link or emphasis.

use std::io;

use minijinja::value::Value;
use minijinja::{Environment, ErrorKind, Output, State, UndefinedBehavior};

use crate::LetterContext;
use crate::markup::escape;

/// The longest template accepted, in characters: several times the longest default.
pub const MAX_TEMPLATE_CHARS: usize = 50_000;

/// The instructions one rendering may execute: enough for a default letter about a case with
/// 300 points, remedies and actions (a test renders one), and far too few for loops that nest
/// without end.
pub const FUEL: u64 = 200_000;

/// How deep loops may nest or recurse.
const RECURSION_LIMIT: usize = 32;

/// The most a rendering may write, in bytes (a long letter is about 20 KB).
pub const MAX_OUTPUT_BYTES: usize = 1_000_000;

/// Why a template could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// It is longer than [`MAX_TEMPLATE_CHARS`].
    #[error("the template is too long: at most {MAX_TEMPLATE_CHARS} characters")]
    TooLong,
    /// It uses something the sandbox does not allow.
    #[error("line {line}: a letter template cannot use {what}")]
    NotAllowed {
        /// The line it is on.
        line: usize,
        /// What it is, as the message says it.
        what: &'static str,
    },
    /// It is not a valid template (an unclosed tag, say).
    #[error("the template is not valid{}: {message}", at(*line))]
    Syntax {
        /// The line, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// It ran out of fuel: it loops too much.
    #[error("the template does too much work (it may loop for ever)")]
    TooMuchWork,
    /// It wrote more than [`MAX_OUTPUT_BYTES`].
    #[error("the letter is too long: at most {MAX_OUTPUT_BYTES} bytes")]
    TooMuchOutput,
    /// It failed while rendering: a name that does not exist, loops nested or recursing
    /// too deep, an impossible operation.
    #[error("the template failed{}: {message}", at(*line))]
    Failed {
        /// The line, when known.
        line: Option<usize>,
        /// What went wrong.
        message: String,
    },
}

fn at(line: Option<usize>) -> String {
    line.map(|line| format!(" at line {line}")).unwrap_or_default()
}

/// Renders `source` for `context` into letter markup.
pub fn render(source: &str, context: &LetterContext) -> Result<String, TemplateError> {
    if source.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(TemplateError::TooLong);
    }
    refuse_what_is_not_allowed(source)?;
    let env = sandbox();
    let template =
        env.template_from_str(source).map_err(|e| TemplateError::Syntax { line: e.line(), message: describe(&e) })?;
    let mut out = CappedWriter { bytes: Vec::new(), overflowed: false };
    match template.render_captured_to(context, &mut out) {
        Ok(_) => Ok(String::from_utf8_lossy(&out.bytes).into_owned()),
        Err(_) if out.overflowed => Err(TemplateError::TooMuchOutput),
        Err(e) if e.kind() == ErrorKind::OutOfFuel => Err(TemplateError::TooMuchWork),
        Err(e) if e.kind() == ErrorKind::SyntaxError => {
            Err(TemplateError::Syntax { line: e.line(), message: describe(&e) })
        }
        Err(e) => Err(TemplateError::Failed { line: e.line(), message: describe(&e) }),
    }
}

/// An environment with nothing in it but the language, limited as the module says.
fn sandbox() -> Environment<'static> {
    let mut env = Environment::empty();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    env.set_formatter(format_value);
    // A line holding only `{% if %}`, `{% for %}` or `{% endfor %}` leaves nothing behind,
    // so templates read as the letter will.
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env
}

/// Prints a value as markup-escaped text on one line; `none` prints nothing.
fn format_value(out: &mut Output, _state: &State, value: &Value) -> Result<(), minijinja::Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let text = value.to_string();
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    out.write_str(&escape(&one_line)).map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "cannot write"))
}

/// The error's own words, without minijinja's name for its kind.
fn describe(error: &minijinja::Error) -> String {
    error.detail().map(str::to_owned).unwrap_or_else(|| error.kind().to_string())
}

/// Refuses, before rendering, what could make a template build text without bound: joining or
/// repeating values (`~`, `+`, `*`) and capturing output (`{% set %}`).
fn refuse_what_is_not_allowed(source: &str) -> Result<(), TemplateError> {
    let mut chars = source.char_indices().peekable();
    let line_at = |index: usize| source[..index].matches('\n').count() + 1;
    while let Some((i, c)) = chars.next() {
        let opening = chars.peek().map(|(_, next)| (c, *next));
        let close = match opening {
            Some(('{', '{')) => "}}",
            Some(('{', '%')) => "%}",
            _ => continue,
        };
        chars.next();
        let start = i + 2;
        let Some(length) = tag_length(&source[start..], close) else {
            // An unclosed tag: the parser reports it.
            return Ok(());
        };
        let tag = &source[start..start + length];
        if close == "%}" && tag.trim_start_matches(['-', '+']).split_whitespace().next() == Some("set") {
            return Err(TemplateError::NotAllowed { line: line_at(i), what: "{% set %}" });
        }
        if let Some(offset) = operator_outside_strings(tag) {
            return Err(TemplateError::NotAllowed {
                line: line_at(start + offset),
                what: "~, + or * (write the words out instead)",
            });
        }
        // Skip the tag's text; the loop resumes after its closing delimiter.
        while chars.peek().is_some_and(|(j, _)| *j < start + length + close.len()) {
            chars.next();
        }
    }
    Ok(())
}

/// The characters of `text` that stand outside its string literals (quoted by `"` or `'`,
/// with backslash escapes), with their byte positions: what the two scans below look at.
fn outside_strings(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    text.char_indices().filter(move |&(_, c)| match quote {
        Some(_) if escaped => {
            escaped = false;
            false
        }
        Some(_) if c == '\\' => {
            escaped = true;
            false
        }
        Some(q) => {
            if c == q {
                quote = None;
            }
            false
        }
        None if c == '"' || c == '\'' => {
            quote = Some(c);
            false
        }
        None => true,
    })
}

/// The length of a tag's inside, up to its closing delimiter, skipping strings.
fn tag_length(rest: &str, close: &str) -> Option<usize> {
    outside_strings(rest).find(|&(i, _)| rest[i..].starts_with(close)).map(|(i, _)| i)
}

/// Where `~`, `+` or `*` first appears in a tag outside its strings. The `+` and `-` of
/// whitespace control (`{%+`, `{%-`, `-%}`) sit at the tag's edges and are not operators.
fn operator_outside_strings(tag: &str) -> Option<usize> {
    let inner_start = tag.len() - tag.trim_start_matches(['-', '+']).len();
    let inner_end = tag.trim_end_matches(['-', '+']).len();
    outside_strings(tag)
        .find(|&(i, c)| matches!(c, '~' | '+' | '*') && (inner_start..inner_end).contains(&i))
        .map(|(i, _)| i)
}

/// Collects the output, refusing to grow past [`MAX_OUTPUT_BYTES`].
struct CappedWriter {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl io::Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT_BYTES {
            self.overflowed = true;
            return Err(io::Error::other("the letter is too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::context;

    #[test]
    fn values_are_printed_as_escaped_text_on_one_line() {
        let mut ctx = context();
        ctx.resident.name = "# Not\n\n- a [heading](https://x.org) **really**".into();
        let out = render("Dear {{ resident.name }}", &ctx);
        assert_eq!(out, Ok(r"Dear \# Not \- a \[heading\]\(https\:\/\/x\.org\) \*\*really\*\*".to_owned()));
    }

    #[test]
    fn a_name_that_does_not_exist_is_an_error_naming_its_line() {
        let error = render("Dear\n{{ resident.nmae }}", &context());
        assert!(matches!(error, Err(TemplateError::Failed { line: Some(2), .. })), "{error:?}");
    }

    #[test]
    fn a_malformed_template_is_a_syntax_error() {
        for source in ["{% if resident %}no end", "{{ resident.name", "{% for %}{% endfor %}"] {
            let error = render(source, &context());
            assert!(matches!(error, Err(TemplateError::Syntax { .. })), "{source}: {error:?}");
        }
    }

    #[test]
    fn a_template_that_loops_for_ever_runs_out_of_fuel() {
        let ctx = context();
        // Six nested loops over the case's points: far more iterations than the fuel allows.
        let mut source = String::new();
        for depth in 0..12 {
            source.push_str(&format!("{{% for p{depth} in definition.points %}}x"));
        }
        source.push_str(&"{% endfor %}".repeat(12));
        assert_eq!(render(&source, &ctx), Err(TemplateError::TooMuchWork));
    }

    #[test]
    fn a_template_that_recurses_for_ever_is_stopped() {
        let source = "{% for p in definition.points recursive %}{{ loop(definition.points) }}{% endfor %}";
        let error = render(source, &context());
        assert!(matches!(error, Err(TemplateError::Failed { .. }) | Err(TemplateError::TooMuchWork)), "{error:?}");
    }

    #[test]
    fn joining_or_repeating_text_and_set_are_refused_before_rendering() {
        for (source, line) in [
            ("a\n{{ resident.name ~ resident.name }}", 2),
            ("{{ resident.name * 100000000 }}", 1),
            ("{% if true %}\n\n{{ [1] + [2] }}{% endif %}", 3),
            ("{%- set x = 1 %}", 1),
            ("{% set x %}text{% endset %}", 1),
        ] {
            let error = render(source, &context());
            assert!(
                matches!(error, Err(TemplateError::NotAllowed { line: l, .. }) if l == line),
                "{source}: {error:?}"
            );
        }
        // In strings and in text they are only characters; whitespace control is not an operator.
        assert_eq!(
            render("**a** ~ + {{ \"*~+\" }}{%+ if true -%} x {%- endif %}", &context()),
            Ok(r"**a** ~ + \*\~\+x".into())
        );
    }

    #[test]
    fn output_is_capped() {
        let long = "x".repeat(40_000);
        let mut source = String::from("{% for a in definition.points %}{% for b in definition.points %}");
        source.push_str(&long);
        source.push_str("{% endfor %}{% endfor %}");
        let mut ctx = context();
        if let Some(definition) = ctx.definition.as_mut() {
            let point = definition.points[0].clone();
            definition.points = vec![point; 10];
        }
        assert_eq!(render(&source, &ctx), Err(TemplateError::TooMuchOutput));
    }

    #[test]
    fn an_over_long_template_is_refused() {
        assert_eq!(render(&"x".repeat(MAX_TEMPLATE_CHARS + 1), &context()), Err(TemplateError::TooLong));
    }
}
