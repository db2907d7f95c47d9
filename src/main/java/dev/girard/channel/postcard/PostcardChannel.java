package dev.girard.channel.postcard;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;

import dev.girard.channel.Channel;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.config.Config;
import dev.girard.config.ConfigKey;
import dev.girard.core.Json;
import dev.girard.customer.Customer;
import dev.girard.db.WriteGate;
import dev.girard.delivery.RunStore;
import dev.girard.render.RenderedPostcard;
import dev.girard.render.Sender;
import dev.girard.render.TemplateEngine;
import dev.girard.render.TemplateProblem;

/**
 * Postcards for the print shop. A customer is reachable when their postal address is complete. Sending a
 * card picks its design (the month's, or the next one if the customer's previous card had it), checks that
 * the template prints for this customer, and queues it: the {@link PostcardPrinter} puts queued cards into
 * PDF batches in {@code <postcard dir>/<run>/} and records them as sent once their batch is written.
 */
public final class PostcardChannel implements Channel, AutoCloseable {
    private final PostcardStore store;
    private final RunStore runs;
    private final TemplateEngine templates;
    private final Sender sender;
    private final Path folder;
    private final int batchSize;
    private final String fontList;
    private final String homeCountry;
    private final long costMicros;
    private PostcardPrinter printer;
    private PostcardRenderer previewRenderer;

    public PostcardChannel(Config config, Jdbi jdbi, WriteGate gate, RunStore runs, TemplateEngine templates,
            Sender sender, Clock clock) {
        this.store = new PostcardStore(jdbi, clock, gate);
        this.runs = runs;
        this.templates = templates;
        this.sender = sender;
        this.folder = config.postcardDir();
        this.batchSize = config.getInt(ConfigKey.POSTCARD_BATCH_SIZE);
        this.fontList = config.get(ConfigKey.POSTCARD_FONTS);
        this.homeCountry = config.get(ConfigKey.POSTCARD_HOME_COUNTRY);
        this.costMicros = config.micros(ConfigKey.POSTCARD_COST);
    }

    /**
     * Loads the fonts and starts the print step, which first finishes any batch a stop left half-written.
     *
     * @throws IllegalStateException if a font is missing or cannot draw Latin and Chinese text
     */
    public synchronized void start() {
        if (printer == null) {
            printer = new PostcardPrinter(store, runs, templates, renderer(), folder, batchSize, costMicros);
            printer.start();
        }
    }

    /** A renderer over the configured fonts (which it loads and checks). */
    public PostcardRenderer renderer() {
        return new PostcardRenderer(PostcardFonts.load(fontList), sender, homeCountry);
    }

    /**
     * One customer's card as the print shop would get it: a PDF of its front page and its back page, in the
     * design of the model's month (as for a customer's first card), for the admin page's preview.
     *
     * @param model the message model (customer, month, …) as a delivery would carry it
     * @throws TemplateProblem when the template does not render for this customer
     */
    public byte[] preview(String template, Map<String, Object> model) {
        int month = ((Number) model.get("month")).intValue();
        CardDesign design = CardDesigns.choose(month, null);
        Map<String, Object> withDesign = new LinkedHashMap<>(model);
        withDesign.put("design", design.model());
        RenderedPostcard card = templates.renderPostcard(template, withDesign);
        Xhtml.check(card, template);
        String style = templates.renderPostcardStyle(template, Map.of("design", design.model()));
        PostcardRenderer renderer = previewRenderer();
        List<String> address = renderer.addressLines(PostalAddress.fromModel(model));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            // one preview at a time: the fonts are shared
            synchronized (renderer) {
                renderer.render(design, style, List.of(new PostcardRenderer.Card(card.front(), card.message(), address)),
                        "Preview of " + template, out);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The renderer for previews, made once: loading the fonts is the slow part. */
    private synchronized PostcardRenderer previewRenderer() {
        if (previewRenderer == null) {
            previewRenderer = renderer();
        }
        return previewRenderer;
    }

    /** Where the print shop collects the cards: one folder per run. */
    public Path folder() {
        return folder;
    }

    @Override
    public String id() {
        return "postcard";
    }

    @Override
    public Optional<String> address(Customer customer) {
        return PostalAddress.of(customer).map(PostalAddress::oneLine);
    }

    @Override
    public Optional<String> templateProblem(String template) {
        if (!templates.postcardTemplateExists(template)) {
            return Optional.of("has no postcard version (templates/postcard/" + template
                    + "/ with style.ftl, front.ftlh and back.ftlh)");
        }
        try {
            templates.checkPostcardTemplate(template);
            return Optional.empty();
        } catch (TemplateProblem e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Connection open() {
        return new Connection() {
            @Override
            public Outcome send(Outgoing message) {
                return queue(message);
            }

            @Override
            public void close() {
            }
        };
    }

    private Outcome queue(Outgoing message) {
        Map<String, Object> model = message.model();
        long customerId = message.customer().id();
        int month = ((Number) model.get("month")).intValue();
        CardDesign design = CardDesigns.choose(month,
                store.previousDesign(customerId, message.deliveryId()).orElse(null));
        // rendered once now, so a template that fails for this customer fails the delivery with its reason
        Map<String, Object> withDesign = new LinkedHashMap<>(model);
        withDesign.put("design", design.model());
        Xhtml.check(templates.renderPostcard(message.template(), withDesign), message.template());
        int queued = store.queue(message.deliveryId(), customerId, design.number(), message.template(), Json.write(model));
        PostcardPrinter p = printer;
        if (p != null) {
            p.wake();
        }
        return Outcome.queued("design " + CardDesigns.get(queued).id());
    }

    @Override
    public synchronized void close() {
        if (printer != null) {
            printer.close();
            printer = null;
        }
    }
}
