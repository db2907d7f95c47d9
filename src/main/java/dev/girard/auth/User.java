package dev.girard.auth;

/**
 * Someone who may use Girard: admin (everything, users included), marketer (campaigns, templates, segments,
 * imports) or viewer (read only). {@code email} is where tests of a campaign go; {@code locale} the admin
 * page's language they chose (null: the browser's).
 */
public record User(long id, String name, String role, String email, String locale) {
    public boolean canEdit() {
        return !role.equals("viewer");
    }

    public boolean isAdmin() {
        return role.equals("admin");
    }
}
