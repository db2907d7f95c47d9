package dev.girard.render;

/** An e-mail rendered for one customer: subject, HTML body and plain-text body. */
public record RenderedEmail(String subject, String html, String text) {
}
