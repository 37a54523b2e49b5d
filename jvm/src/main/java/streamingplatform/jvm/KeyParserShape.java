package streamingplatform.jvm;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Security;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.jcajce.provider.BouncyCastleFipsProvider;

/**
 * The shape of the Snowflake connector 4.1.0's key parser (PrivateKeyTool): an
 * unencrypted key is parsed with the JDK alone, and only the encrypted-key
 * branch, which never runs here, hands a BouncyCastleFipsProvider to
 * {@code Security.addProvider(Provider)}. Linking the class makes the verifier
 * load BouncyCastleFipsProvider to check that argument, so without BouncyCastle
 * FIPS the class fails with NoClassDefFoundError before the unencrypted branch
 * can run. (The connector's own jar is not served by the registry this tier
 * reaches; this class reproduces the linkage, not the connector.)
 *
 * <p>{@code main} parses a freshly generated unencrypted PKCS#8 key, then
 * starts the FIPS provider (which runs its self-tests and checks its own jar)
 * from the jars on the classpath, and prints both results.
 */
public final class KeyParserShape {
  private KeyParserShape() {}

  static PrivateKey parse(byte[] pkcs8, boolean encrypted) throws Exception {
    if (encrypted) {
      Security.addProvider(new BouncyCastleFipsProvider());
      throw new UnsupportedOperationException("encrypted keys are refused by the program");
    }
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  public static void main(String[] args) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    PrivateKey key = parse(generator.generateKeyPair().getPrivate().getEncoded(), false);
    System.out.println("parsed " + key.getAlgorithm());
    BouncyCastleFipsProvider provider = new BouncyCastleFipsProvider();
    System.out.println("provider " + provider.getName() + " " + provider.getVersionStr());
  }
}
