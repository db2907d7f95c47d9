package dev.girard.render;

/** One postcard as its template wrote it: the front and the message side, XHTML fragments. */
public record RenderedPostcard(String front, String message) {
}
