package dev.plumbline.live;

import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterInterceptorTest {

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(RetryAfterInterceptor.delayMillis("1")).isEqualTo(1_000);
        assertThat(RetryAfterInterceptor.delayMillis(" 3 ")).isEqualTo(3_000);
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(5));
        assertThat(RetryAfterInterceptor.delayMillis(inFiveSeconds)).isBetween(3_000L, 5_000L);
    }

    @Test
    void noOrUnreadableOrPastRetryAfterMeansNoWait() {
        assertThat(RetryAfterInterceptor.delayMillis(null)).isZero();
        assertThat(RetryAfterInterceptor.delayMillis("")).isZero();
        assertThat(RetryAfterInterceptor.delayMillis("soon")).isZero();
        assertThat(RetryAfterInterceptor.delayMillis("-4")).isZero();
        assertThat(RetryAfterInterceptor.delayMillis("Mon, 01 Jan 2001 00:00:00 GMT")).isZero();
    }
}
