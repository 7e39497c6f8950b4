//! Ticket thread content arrives as provider HTML. Before it reaches the
//! webview it is cleaned with a conservative allow-list: text formatting,
//! lists, quotes and http(s)/mailto links (which get `rel="noopener
//! noreferrer nofollow"`). Scripts, styles, iframes, images, forms, event
//! handlers, `style` attributes and `javascript:` URLs never survive.

use std::collections::HashSet;
use std::sync::OnceLock;

fn html_cleaner() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let tags: HashSet<&str> = [
            "a",
            "b",
            "blockquote",
            "br",
            "code",
            "div",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "i",
            "li",
            "ol",
            "p",
            "pre",
            "s",
            "span",
            "strong",
            "sub",
            "sup",
            "u",
            "ul",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        ]
        .into_iter()
        .collect();
        let mut b = ammonia::Builder::default();
        b.tags(tags)
            .generic_attributes(HashSet::new())
            .tag_attributes(
                [("a", ["href", "title"].into_iter().collect())]
                    .into_iter()
                    .collect(),
            )
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::Deny)
            .link_rel(Some("noopener noreferrer nofollow"));
        b
    })
}

fn text_cleaner() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        b.clean_content_tags(
            [
                "script", "style", "template", "textarea", "title", "noscript",
            ]
            .into_iter()
            .collect(),
        );
        b
    })
}

/// Safe-to-render HTML.
pub fn sanitize_html(html: &str) -> String {
    html_cleaner().clean(html).to_string()
}

/// Plain text: tags dropped (script/style content included), line breaks
/// for `<br>` and block ends, entities decoded, whitespace tidied.
pub fn html_to_text(html: &str) -> String {
    // The sanitized HTML is normalized (lower-case tags), so block ends can be
    // found by plain string search.
    let mut s = sanitize_html(html);
    for tag in [
        "<br>",
        "</p>",
        "</div>",
        "</li>",
        "</h1>",
        "</h2>",
        "</h3>",
        "</tr>",
        "</blockquote>",
        "<hr>",
    ] {
        s = s.replace(tag, &format!("{tag}\n"));
    }
    let stripped = text_cleaner().clean(&s).to_string();
    let decoded = stripped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    let lines: Vec<String> = decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut out = String::new();
    let mut blank = 0;
    for l in lines {
        if l.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIL: &str = r#"<div onclick="steal()">Hola <b>equipo</b><script>alert('xss')</script>
        <img src="https://evil.example/x.png" onerror="alert(1)"><iframe src="https://evil.example"></iframe>
        <style>body{display:none}</style><a href="javascript:alert(1)">clic</a>
        <a href="https://ayuda.example/retiros" target="_blank">guía</a><span style="color:red">rojo</span></div>"#;

    #[test]
    fn dangerous_markup_is_removed_and_harmless_formatting_kept() {
        let h = sanitize_html(EVIL);
        for bad in [
            "<script",
            "alert",
            "onerror",
            "onclick",
            "<img",
            "<iframe",
            "<style",
            "javascript:",
            "style=",
        ] {
            assert!(!h.to_lowercase().contains(bad), "{bad} survived: {h}");
        }
        assert!(h.contains("<b>equipo</b>"), "{h}");
        assert!(h.contains(r#"href="https://ayuda.example/retiros""#), "{h}");
        assert!(h.contains("noopener"), "{h}");
        assert!(h.contains("rojo"));
    }

    #[test]
    fn text_has_no_tags_no_script_and_decoded_entities() {
        let t = html_to_text(EVIL);
        assert!(
            !t.contains('<') && !t.contains("alert") && !t.contains("display:none"),
            "{t}"
        );
        assert!(t.contains("Hola equipo"), "{t}");
        assert_eq!(
            html_to_text("<p>Tom &amp; Jerry &lt;3 &quot;sí&quot;</p><p>Línea&nbsp;2<br>3</p>"),
            "Tom & Jerry <3 \"sí\"\nLínea 2\n3"
        );
    }
}
