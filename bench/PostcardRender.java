import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.girard.channel.postcard.CardDesign;
import dev.girard.channel.postcard.CardDesigns;
import dev.girard.channel.postcard.PostalAddress;
import dev.girard.channel.postcard.PostcardFonts;
import dev.girard.channel.postcard.PostcardRenderer;
import dev.girard.customer.Customer;
import dev.girard.render.MessageModel;
import dev.girard.render.RenderedPostcard;
import dev.girard.render.Sender;
import dev.girard.render.TemplateEngine;

/**
 * The postcard renderer alone, in one thread: the built-in monthly card for CARDS customers (half Chinese,
 * half English) rendered with FreeMarker and laid out into PDF batches of BATCH cards, written to a temp
 * folder. No database, no queue: the ceiling the print step works against. Run by bench/postcards.
 *
 * Usage: java -cp 'target/girard.jar:target/lib/*' bench/PostcardRender.java CARDS BATCH MONTH ROUNDS
 */
public class PostcardRender {
    public static void main(String[] args) throws Exception {
        int cards = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int month = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        String fonts = System.getenv().getOrDefault("GIRARD_POSTCARD_FONTS",
                "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf,/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
        TemplateEngine templates = new TemplateEngine(null);
        Sender sender = new Sender("Girard Demo Shop", "hello@example.com", "1 Example Road, Springfield");
        PostcardRenderer renderer = new PostcardRenderer(PostcardFonts.load(fonts), sender, "US");
        CardDesign design = CardDesigns.get(month);
        Path out = Files.createTempDirectory("postcard-render");
        List<Long> times = new ArrayList<>();
        long bytes = 0;
        // round 0 warms the JIT up and draws the artwork; it is not counted
        for (int round = 0; round <= rounds; round++) {
            long start = System.nanoTime();
            bytes = 0;
            for (int from = 0; from < cards; from += batch) {
                List<PostcardRenderer.Card> list = new ArrayList<>();
                String style = templates.renderPostcardStyle("monthly-card", Map.of("design", design.model()));
                for (int i = from; i < Math.min(cards, from + batch); i++) {
                    Customer c = customer(i);
                    Map<String, Object> model = new LinkedHashMap<>(MessageModel.of(c, "Monthly card", "2026-"
                            + month, ZonedDateTime.of(2026, month, 1, 9, 0, 0, 0, ZoneId.of("UTC")), sender, ""));
                    model.put("design", design.model());
                    RenderedPostcard card = templates.renderPostcard("monthly-card", model);
                    list.add(new PostcardRenderer.Card(card.front(), card.message(),
                            renderer.addressLines(PostalAddress.of(c).orElseThrow())));
                }
                Path file = out.resolve("batch-" + from + ".pdf");
                try (OutputStream stream = Files.newOutputStream(file)) {
                    renderer.render(design, style, list, "bench", stream);
                }
                bytes += Files.size(file);
                Files.delete(file);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (round > 0) {
                times.add(millis);
                System.err.println("render round " + round + ": " + cards + " cards in " + millis + " ms");
            }
        }
        Files.delete(out);
        times.sort(null);
        long median = times.get(times.size() / 2);
        System.out.printf("renderer alone (1 thread, design %s, %d cards per PDF): median %d ms for %d cards = %.0f cards/s, %.1f KB per card%n",
                design.id(), batch, median, cards, cards * 1000.0 / median, bytes / 1024.0 / cards);
    }

    private static Customer customer(int i) {
        boolean zh = i % 2 == 0;
        return zh
                ? new Customer((long) i, "C" + i, "芳", "王", "c" + i + "@example.cn", null, (i + 1) + "号 南京西路", null,
                        "上海", "200040", "上海市", "CN", null, "zh-CN", "Asia/Shanghai", Map.of(), null, null)
                : new Customer((long) i, "C" + i, "Anna", "Smith" + i, "c" + i + "@example.com", null, (i + 1) + " Main Street",
                        null, "Springfield", "62701", "IL", "US", null, "en-US", "America/Chicago", Map.of(), null, null);
    }
}
