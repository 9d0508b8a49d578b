package dev.orbitdock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private final SecretBox box = new SecretBox(new SecretKeySpec(new byte[32], "AES"), new SecureRandom());

    @Property(tries = 200)
    void decryptsWhatItEncrypts(@ForAll String plaintext) {
        String sealed = box.encrypt("anthropic_api_key", plaintext);

        assertThat(sealed).startsWith("enc:v1:");
        assertThat(box.decrypt("anthropic_api_key", sealed)).isEqualTo(plaintext);
    }

    @Test
    void layoutIsNonceCiphertextTag() {
        String sealed = box.encrypt("k", "abc");
        byte[] blob = Base64.getDecoder().decode(sealed.substring("enc:v1:".length()));

        assertThat(blob).hasSize(12 + 3 + 16);
    }

    @Test
    void freshNonceEveryTime() {
        assertThat(box.encrypt("k", "same")).isNotEqualTo(box.encrypt("k", "same"));
    }

    @Test
    void aValueMovedToAnotherKeyDoesNotDecrypt() {
        String sealed = box.encrypt("openai_api_key", "sk-123");

        assertThatThrownBy(() -> box.decrypt("anthropic_api_key", sealed))
                .isInstanceOf(SecretBox.WrongKeyException.class);
    }

    @Test
    void anotherKeyOrATamperedValueIsDetected() {
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        SecretBox other = new SecretBox(new SecretKeySpec(otherKey, "AES"), new SecureRandom());
        String sealed = box.encrypt("k", "secret");
        byte[] blob = Base64.getDecoder().decode(sealed.substring("enc:v1:".length()));
        blob[14] ^= 1;
        String tampered = "enc:v1:" + Base64.getEncoder().encodeToString(blob);

        assertThatThrownBy(() -> other.decrypt("k", sealed)).isInstanceOf(SecretBox.WrongKeyException.class);
        assertThatThrownBy(() -> box.decrypt("k", tampered)).isInstanceOf(SecretBox.WrongKeyException.class);
        assertThatThrownBy(() -> box.decrypt("k", "enc:v1:!!!")).isInstanceOf(SecretBox.WrongKeyException.class);
    }
}
