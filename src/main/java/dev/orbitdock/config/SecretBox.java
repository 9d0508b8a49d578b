package dev.orbitdock.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for config values: {@code enc:v1:<base64(nonce ‖ ciphertext ‖ tag)>}. The config key name is the
 * associated data, so a ciphertext copied onto another key does not decrypt.
 */
public final class SecretBox {
    public static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random;

    public SecretBox(SecretKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    public static boolean isEncrypted(String stored) {
        return stored.startsWith(PREFIX);
    }

    public String encrypt(String name, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
        }
    }

    /** @throws WrongKeyException when the value was sealed under another key (or altered) */
    public String decrypt(String name, String stored) {
        if (!isEncrypted(stored)) {
            throw new IllegalArgumentException("not an encrypted value");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new WrongKeyException(name);
        }
        if (blob.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new WrongKeyException(name);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new WrongKeyException(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
        }
    }

    /** A stored secret that this key cannot open. */
    public static final class WrongKeyException extends RuntimeException {
        private final String name;

        WrongKeyException(String name) {
            super("the value of " + name + " cannot be decrypted with this secret.key");
            this.name = name;
        }

        public String name() {
            return name;
        }
    }
}
