package dev.orbitdock.tracker.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkHeaderTest {
    @Test
    void findsTheNextLinkWhereverItIs() {
        assertThat(LinkHeader.next("<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", "
                + "<https://api.github.com/repositories/1/issues?page=5>; rel=\"last\""))
                .contains("https://api.github.com/repositories/1/issues?page=2");
        assertThat(LinkHeader.next("<https://x/issues?page=1>; rel=\"prev\", <https://x/issues?page=3>; rel=\"next\""))
                .contains("https://x/issues?page=3");
    }

    @Test
    void urlsMayContainCommasAndRelMayHoldSeveralTypes() {
        assertThat(LinkHeader.next("<https://x/issues?labels=a,b&page=2>; rel=\"next last\""))
                .contains("https://x/issues?labels=a,b&page=2");
    }

    @Test
    void noNextLinkMeansTheLastPage() {
        assertThat(LinkHeader.next("<https://x/issues?page=1>; rel=\"prev\", <https://x/issues?page=1>; rel=\"first\""))
                .isEmpty();
        assertThat(LinkHeader.next(null)).isEmpty();
        assertThat(LinkHeader.next("")).isEmpty();
    }
}
