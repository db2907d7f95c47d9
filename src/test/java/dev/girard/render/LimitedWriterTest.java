package dev.girard.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class LimitedWriterTest {
    @Test
    void each_render_on_a_thread_gets_exactly_its_own_text_though_the_buffer_is_reused() throws IOException {
        LimitedWriter chinese = new LimitedWriter(1000);
        chinese.write("王芳，新年快乐！");
        chinese.write('\n');
        assertThat(chinese.finish()).isEqualTo("王芳，新年快乐！\n");

        LimitedWriter english = new LimitedWriter(1000);
        english.write("Happy new year, Anna!".toCharArray(), 0, 5);
        assertThat(english.finish()).isEqualTo("Happy");

        LimitedWriter empty = new LimitedWriter(1000);
        assertThat(empty.finish()).isEmpty();
    }

    @Test
    void a_render_inside_a_render_gets_a_buffer_of_its_own() throws IOException {
        LimitedWriter outer = new LimitedWriter(1000);
        outer.write("outer ");
        LimitedWriter inner = new LimitedWriter(1000);
        inner.write("inner");
        assertThat(inner.finish()).isEqualTo("inner");
        outer.write("again");
        assertThat(outer.finish()).isEqualTo("outer again");
    }

    @Test
    void output_past_the_limit_is_refused_and_the_next_render_starts_empty() throws IOException {
        LimitedWriter big = new LimitedWriter(10);
        big.write("0123456789");
        assertThatThrownBy(() -> big.write("x")).isInstanceOf(IOException.class)
                .hasMessageContaining("longer than 10 characters");

        LimitedWriter next = new LimitedWriter(10);
        next.write("ok");
        assertThat(next.finish()).isEqualTo("ok");
    }
}
