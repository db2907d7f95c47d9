package dev.girard.render;

/** Who a message comes from: the business name, its sender address and its postal address. */
public record Sender(String name, String email, String address) {
}
