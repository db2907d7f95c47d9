package dev.girard.auth;

/** Someone who may use the API: admin (everything), marketer (campaigns, customers) or viewer (read only). */
public record User(long id, String name, String role) {
}
