//! clap writes its help and its usage errors in English; the `atti` command speaks Italian.
//! clap renders them, and this module translates the rendered text: its fixed phrases, and
//! the names it quotes as 'x' into «x».

use regex::Regex;
use std::sync::LazyLock;

/// (English pattern, Italian replacement), applied in order.
const PHRASES: &[(&str, &str)] = &[
    (r"(?m)^error: ", "errore: "),
    (
        r"unexpected argument '([^']*)' found",
        "argomento inatteso «$1»",
    ),
    (
        r"unrecognized subcommand '([^']*)'",
        "comando sconosciuto «$1»",
    ),
    (
        r"the following required arguments were not provided:",
        "mancano questi argomenti obbligatori:",
    ),
    (
        r"invalid value '([^']*)' for '([^']*)': invalid digit found in string",
        "valore «$1» non valido per «$2»: serve un numero intero",
    ),
    (
        r"invalid value '([^']*)' for '([^']*)'",
        "valore «$1» non valido per «$2»",
    ),
    (
        r"the argument '([^']*)' cannot be used with '([^']*)'",
        "l'argomento «$1» non si può usare insieme a «$2»",
    ),
    (
        r"the argument '([^']*)' cannot be used multiple times",
        "l'argomento «$1» si può indicare una volta sola",
    ),
    (
        r"a value is required for '([^']*)' but none was supplied",
        "manca il valore di «$1»",
    ),
    (
        r"unexpected value '([^']*)' for '([^']*)' found; no more were expected",
        "valore in più «$1» per «$2»",
    ),
    (
        r"'([^']*)' requires a subcommand but one was not provided",
        "«$1» richiede un comando",
    ),
    (
        r"tip: a similar subcommand exists: '([^']*)'",
        "suggerimento: esiste il comando «$1»",
    ),
    (
        r"tip: some similar subcommands exist:",
        "suggerimento: esistono i comandi",
    ),
    (
        r"tip: a similar value exists: '([^']*)'",
        "suggerimento: esiste il valore «$1»",
    ),
    (
        r"tip: some similar values exist:",
        "suggerimento: esistono i valori",
    ),
    (
        r"tip: a similar argument exists: '([^']*)'",
        "suggerimento: esiste l'argomento «$1»",
    ),
    (
        r"tip: some similar arguments exist:",
        "suggerimento: esistono gli argomenti",
    ),
    (
        r"tip: to pass '([^']*)' as a value, use '([^']*)'",
        "suggerimento: per passare «$1» come valore, scrivere «$2»",
    ),
    (
        r"For more information, try '([^']*)'\.",
        "Per saperne di più: «$1».",
    ),
    (r"(?m)^Usage: ", "Uso: "),
    (r"(?m)^Commands:$", "Comandi:"),
    (r"(?m)^Options:$", "Opzioni:"),
    (r"(?m)^Arguments:$", "Argomenti:"),
    (
        r"Print this message or the help of the given subcommand\(s\)",
        "Mostra questo aiuto o quello del comando indicato",
    ),
    (
        r"Print help \(see more with '--help'\)",
        "Mostra l'aiuto (più dettagli con --help)",
    ),
    (r"Print help", "Mostra l'aiuto"),
    (r"Print version", "Mostra la versione"),
    (r"\[OPTIONS\]", "[OPZIONI]"),
    (r"<COMMAND>", "<COMANDO>"),
    (r"\[possible values: ", "[valori ammessi: "),
    (r"\[subcommands: ", "[comandi: "),
    (r"\[env: ([A-Z_]+)=[^\]]*\]", "[variabile d'ambiente $1]"),
    (r"\[default: ", "[predefinito: "),
    (r"\[aliases: ", "[alias: "),
];

static COMPILED: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    PHRASES
        .iter()
        .filter_map(|(pattern, italian)| Regex::new(pattern).ok().map(|re| (re, *italian)))
        .collect()
});

/// The text clap rendered, in Italian.
pub fn translate(text: &str) -> String {
    COMPILED
        .iter()
        .fold(text.to_string(), |text, (re, italian)| {
            re.replace_all(&text, *italian).into_owned()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_compiles() {
        assert_eq!(COMPILED.len(), PHRASES.len());
    }

    #[test]
    fn an_error_is_translated_whole() {
        let english = "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use '-- --bogus'\n\nUsage: atti render --out <OUT> <ID>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            translate(english),
            "errore: argomento inatteso «--bogus»\n\n  suggerimento: per passare «--bogus» come valore, scrivere «-- --bogus»\n\nUso: atti render --out <OUT> <ID>\n\nPer saperne di più: «--help».\n"
        );
    }

    #[test]
    fn a_wrong_value_names_those_allowed() {
        let english = "error: invalid value 'decreti' for '--kind <TIPO>'\n  [possible values: ordinanza, decreto]\n\n  tip: a similar value exists: 'decreto'\n\nFor more information, try '--help'.\n";
        assert_eq!(
            translate(english),
            "errore: valore «decreti» non valido per «--kind <TIPO>»\n  [valori ammessi: ordinanza, decreto]\n\n  suggerimento: esiste il valore «decreto»\n\nPer saperne di più: «--help».\n"
        );
    }
}
