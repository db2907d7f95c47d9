package dev.girard.customer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;

/** Customers given as JSON fields: validated like CSV rows, then stored. */
public final class CustomerService {
    private final CustomerStore store;
    private final CustomerValidator validator;

    public CustomerService(CustomerStore store, CustomerValidator validator) {
        this.store = store;
        this.validator = validator;
    }

    public Customer create(Map<String, Object> body) {
        return store.create(parse(body));
    }

    public Customer update(long id, Map<String, Object> body) {
        return store.update(id, parse(body));
    }

    @SuppressWarnings("unchecked")
    private Customer parse(Map<String, Object> body) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> fields = new HashMap<>();
        Map<String, Object> attributes = Map.of();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.equals("attributes")) {
                if (value instanceof Map<?, ?> map) {
                    attributes = (Map<String, Object>) map;
                } else if (value != null) {
                    errors.add(new FieldError("attributes", String.valueOf(value), "must be a JSON object"));
                }
            } else if (CustomerValidator.FIELDS.contains(key)) {
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    errors.add(new FieldError(key, "", "must be a single value"));
                } else {
                    fields.put(key, value == null ? null : value.toString());
                }
            } else if (!List.of("id", "createdAt", "updatedAt").contains(key)) {
                errors.add(new FieldError(key, "", "is not a customer field (custom values go in attributes)"));
            }
        }
        CustomerValidator.Result result = validator.validate(fields, attributes);
        errors.addAll(result.errors());
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return result.customer();
    }
}
