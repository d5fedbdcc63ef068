import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Date;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ua.DSTU4145NamedCurves;
import org.bouncycastle.asn1.ua.DSTU4145Params;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.DSTU7564Digest;
import org.bouncycastle.crypto.digests.GOST3411Digest;
import org.bouncycastle.crypto.engines.GOST28147Engine;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.macs.GOST28147Mac;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.CFBBlockCipher;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.ParametersWithSBox;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.signers.DSTU4145Signer;
import org.bouncycastle.jcajce.provider.asymmetric.dstu.BCDSTU4145PublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.encoders.Hex;

/**
 * Bouncy Castle as an independent oracle for Signdesk's DSTU 4145 / GOST / Kupyna code (tests only).
 * Batch mode: one operation per stdin line, one answer per stdout line (hex, true/false, OK/FAIL …);
 * `make-keystore` writes a JKS/JCEKS. Compiled and driven by tests/helpers/bouncy-castle.ts.
 */
public class BcOracle {
  static final String DSTU_CURVE = "1.2.804.2.1.1.1.1.3.1.1.2.";

  public static void main(String[] args) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    if (args.length > 0 && args[0].equals("make-keystore")) {
      makeKeyStore(args[1], args[2], args[3], args[4]);
      return;
    }
    // Batch mode: one operation per stdin line, space-separated, the last field the input as hex ("-" for none).
    BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = reader.readLine()) != null; ) {
      if (line.isBlank()) continue;
      String[] fields = line.trim().split(" ");
      String last = fields[fields.length - 1];
      byte[] input = last.equals("-") ? new byte[0] : Hex.decode(last);
      String[] a = Arrays.copyOf(fields, fields.length - 1);
      String out;
      try {
        out = dispatch(a, input);
      } catch (Exception e) {
        out = "ERROR " + e.toString().replace('\n', ' ');
      }
      System.out.println(out);
    }
  }

  static String dispatch(String[] a, byte[] input) throws Exception {
    switch (a[0]) {
      case "digest": return Hex.toHexString(run(digest(a[1], a[2]), input));
      case "gost28147": return Hex.toHexString(gost28147(a[1], Hex.decode(a[2]), a[3], sbox(a[4]), input));
      case "hmac": return Hex.toHexString(hmac(Hex.decode(a[1]), sbox(a[2]), input));
      case "pbkdf2": return Hex.toHexString(pbkdf2(Hex.decode(a[1]), Hex.decode(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]), sbox(a[5])));
      case "pkcs12-mac": return Hex.toHexString(pkcs12Mac(new String(Hex.decode(a[1]), "UTF-8"), Hex.decode(a[2]), Integer.parseInt(a[3]), input));
      case "verify-raw": return String.valueOf(verifyRaw(Hex.decode(a[1]), Hex.decode(a[2]), Hex.decode(a[3]), a[4]));
      case "sign-raw": return signRaw(Integer.parseInt(a[1]), new BigInteger(a[2], 16), Hex.decode(a[3]), a[4]);
      case "verify-cert": return verifyCert(Hex.decode(a[1]), Hex.decode(a[2]));
      case "verify-cms": return verifyCms(Hex.decode(a[1]), a[2].equals("-") ? null : Hex.decode(a[2]));
      default: throw new IllegalArgumentException("unknown command " + a[0]);
    }
  }

  /** "dke" = the DSTU default DKE; 128 hex digits = a packed DKE; otherwise a Bouncy Castle S-box name ("D-Test", "E-A"…). */
  static byte[] sbox(String spec) {
    if (spec.equals("dke")) return expand(DSTU4145Params.getDefaultDKE());
    if (spec.length() == 128) return expand(Hex.decode(spec));
    return GOST28147Engine.getSBox(spec);
  }

  /** Bouncy Castle's own DKE expansion (the DSTU SignatureSpi's package-private expandSbox), by reflection. */
  static byte[] expand(byte[] packed) {
    try {
      java.lang.reflect.Method method = org.bouncycastle.jcajce.provider.asymmetric.dstu.SignatureSpi.class.getDeclaredMethod("expandSbox", byte[].class);
      method.setAccessible(true);
      return (byte[]) method.invoke(new org.bouncycastle.jcajce.provider.asymmetric.dstu.SignatureSpi(), (Object) packed);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  static Digest digest(String name, String sboxSpec) {
    switch (name) {
      case "gost34311": return new GOST3411Digest(sbox(sboxSpec));
      case "kupyna256": return new DSTU7564Digest(256);
      case "kupyna384": return new DSTU7564Digest(384);
      case "kupyna512": return new DSTU7564Digest(512);
      default: throw new IllegalArgumentException("unknown digest " + name);
    }
  }

  static byte[] run(Digest digest, byte[] data) {
    digest.update(data, 0, data.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }

  static byte[] gost28147(String mode, byte[] key, String iv, byte[] sbox, byte[] data) {
    ParametersWithSBox keyParams = new ParametersWithSBox(new KeyParameter(key), sbox);
    if (mode.equals("mac")) {
      GOST28147Mac mac = new GOST28147Mac();
      mac.init(keyParams);
      mac.update(data, 0, data.length);
      byte[] out = new byte[mac.getMacSize()];
      mac.doFinal(out, 0);
      return out;
    }
    boolean encrypt = mode.endsWith("-enc");
    byte[] out = new byte[data.length];
    if (mode.startsWith("ecb")) {
      BlockCipher engine = new GOST28147Engine();
      engine.init(encrypt, keyParams);
      for (int i = 0; i < data.length; i += 8) engine.processBlock(data, i, out, i);
    } else {
      CFBBlockCipher cfb = new CFBBlockCipher(new GOST28147Engine(), 64);
      cfb.init(encrypt, new ParametersWithIV(keyParams, Hex.decode(iv)));
      cfb.processBytes(data, 0, data.length, out, 0);
    }
    return out;
  }

  static byte[] hmac(byte[] key, byte[] sbox, byte[] data) {
    HMac mac = new HMac(new GOST3411Digest(sbox));
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return out;
  }

  static byte[] pbkdf2(byte[] password, byte[] salt, int iterations, int length, byte[] sbox) {
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new GOST3411Digest(sbox));
    generator.init(password, salt, iterations);
    return ((KeyParameter) generator.generateDerivedParameters(length * 8)).getKey();
  }

  /** The PKCS#12 integrity MAC as Ukrainian CAs write it: the PKCS#12 KDF (ID 3) and HMAC, both over GOST 34.311 with the DKE. */
  static byte[] pkcs12Mac(String password, byte[] salt, int iterations, byte[] data) {
    PKCS12ParametersGenerator generator = new PKCS12ParametersGenerator(new GOST3411Digest(sbox("dke")));
    generator.init(PBEParametersGenerator.PKCS12PasswordToBytes(password.toCharArray()), salt, iterations);
    byte[] key = ((KeyParameter) generator.generateDerivedMacParameters(256)).getKey();
    return hmac(key, sbox("dke"), data);
  }

  /** A raw signature (r ‖ s little-endian or s ‖ r big-endian) over the given hash, with DSTU4145Signer. */
  static boolean verifyRaw(byte[] spki, byte[] hash, byte[] signatureBytes, String encoding) {
    try {
      KeyFactory factory = KeyFactory.getInstance("DSTU4145", "BC");
      BCDSTU4145PublicKey key = (BCDSTU4145PublicKey) factory.generatePublic(new X509EncodedKeySpec(spki));
      org.bouncycastle.jce.spec.ECParameterSpec spec = key.getParameters();
      ECPublicKeyParameters params = new ECPublicKeyParameters(key.getQ(), new ECDomainParameters(spec.getCurve(), spec.getG(), spec.getN()));
      byte[] signature = signatureBytes.clone();
      if (encoding.equals("le")) reverse(signature);
      int half = signature.length / 2;
      // Big-endian form: s then r; the little-endian form is the whole of it reversed.
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
      BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length));
      DSTU4145Signer signer = new DSTU4145Signer();
      signer.init(false, params);
      return signer.verifySignature(hash, r, s);
    } catch (Exception e) {
      return false;
    }
  }

  static String signRaw(int curve, BigInteger d, byte[] hash, String encoding) {
    ECDomainParameters domain = DSTU4145NamedCurves.getByOID(new ASN1ObjectIdentifier(DSTU_CURVE + curve));
    DSTU4145Signer signer = new DSTU4145Signer();
    signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, domain), new SecureRandom()));
    BigInteger[] rs = signer.generateSignature(hash);
    int size = (domain.getN().bitLength() + 7) / 8;
    byte[] out = new byte[2 * size];
    byte[] s = fixed(rs[1], size);
    byte[] r = fixed(rs[0], size);
    System.arraycopy(s, 0, out, 0, size);
    System.arraycopy(r, 0, out, size, size);
    if (encoding.equals("le")) reverse(out);
    return Hex.toHexString(out);
  }

  static byte[] fixed(BigInteger value, int size) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(size, bytes.length);
    System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
    return out;
  }

  static void reverse(byte[] bytes) {
    for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
      byte t = bytes[i];
      bytes[i] = bytes[j];
      bytes[j] = t;
    }
  }

  static X509Certificate certificate(byte[] der) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509", "BC").generateCertificate(new java.io.ByteArrayInputStream(der));
  }

  static String verifyCert(byte[] der, byte[] issuerDer) throws Exception {
    X509Certificate cert = certificate(der);
    X509Certificate issuer = certificate(issuerDer);
    try {
      cert.verify(issuer.getPublicKey(), "BC");
      return "OK";
    } catch (Exception e) {
      return "FAIL " + e.toString().replace('\n', ' ');
    }
  }

  // --- CMS: a minimal DER walker keeps the signed attributes exactly as stored. ---

  /** [tag, headerLength, contentLength] of the element at offset. */
  static int[] tlv(byte[] b, int offset) {
    int tag = b[offset] & 0xff;
    int length = b[offset + 1] & 0xff;
    int header = 2;
    if (length >= 0x80) {
      int count = length & 0x7f;
      if (count == 0) throw new IllegalArgumentException("indefinite length");
      length = 0;
      for (int i = 0; i < count; i++) length = (length << 8) | (b[offset + 2 + i] & 0xff);
      header += count;
    }
    return new int[] { tag, header, length };
  }

  static int end(byte[] b, int offset) {
    int[] t = tlv(b, offset);
    return offset + t[1] + t[2];
  }

  static int inside(byte[] b, int offset) {
    return offset + tlv(b, offset)[1];
  }

  static byte[] content(byte[] b, int offset) {
    int[] t = tlv(b, offset);
    return Arrays.copyOfRange(b, offset + t[1], offset + t[1] + t[2]);
  }

  static String oidAt(byte[] b, int offset) throws Exception {
    return ((ASN1ObjectIdentifier) org.bouncycastle.asn1.ASN1Primitive.fromByteArray(Arrays.copyOfRange(b, offset, end(b, offset)))).getId();
  }

  static String verifyCms(byte[] cms, byte[] detached) throws Exception {
    int signedData = inside(cms, end(cms, inside(cms, 0)));
    int p = inside(cms, signedData);
    p = end(cms, p); // version
    p = end(cms, p); // digestAlgorithms
    int encap = p;
    p = end(cms, p);
    byte[] content = detached;
    int eContentType = inside(cms, encap);
    if (end(cms, eContentType) < end(cms, encap)) {
      int explicit = end(cms, eContentType);
      content = content(cms, inside(cms, explicit));
    }
    X509Certificate cert = null;
    if ((cms[p] & 0xff) == 0xa0) {
      // The first DSTU certificate is the signer's (a co-signed SignedData holds the other signers' too, in DER order).
      for (int c = inside(cms, p); c < end(cms, p) && cert == null; c = end(cms, c)) {
        X509Certificate candidate = certificate(Arrays.copyOfRange(cms, c, end(cms, c)));
        if (candidate.getPublicKey() instanceof BCDSTU4145PublicKey) cert = candidate;
      }
      p = end(cms, p);
    }
    if ((cms[p] & 0xff) == 0xa1) p = end(cms, p);
    // The DSTU signer: the first SignerInfo with a national digest (co-signed files hold others too).
    int signerInfo = inside(cms, p);
    for (int candidate = signerInfo; candidate < end(cms, p); candidate = end(cms, candidate)) {
      int field = end(cms, end(cms, inside(cms, candidate)));
      if (oidAt(cms, inside(cms, field)).startsWith("1.2.804.2.1.1.1.1.2.")) {
        signerInfo = candidate;
        break;
      }
    }
    int q = inside(cms, signerInfo);
    q = end(cms, q); // version
    q = end(cms, q); // sid
    String digestOid = oidAt(cms, inside(cms, q));
    q = end(cms, q); // digestAlgorithm
    if ((cms[q] & 0xff) != 0xa0) throw new IllegalArgumentException("no signed attributes");
    byte[] signedAttributes = Arrays.copyOfRange(cms, q, end(cms, q));
    signedAttributes[0] = 0x31;
    q = end(cms, q);
    q = end(cms, q); // signatureAlgorithm
    byte[] encryptedDigest = content(cms, q);
    if (cert == null || content == null) throw new IllegalArgumentException("certificate or content missing");

    byte[] messageDigest = null;
    for (int a = inside(signedAttributes, 0); a < signedAttributes.length; a = end(signedAttributes, a)) {
      int type = inside(signedAttributes, a);
      String oid = oidAt(signedAttributes, type);
      if (oid.equals("1.2.840.113549.1.9.4")) messageDigest = content(signedAttributes, inside(signedAttributes, end(signedAttributes, type)));
    }
    byte[] sboxPacked = ((BCDSTU4145PublicKey) cert.getPublicKey()).getSbox();
    Digest contentDigest = digestOid.equals("1.2.804.2.1.1.1.1.2.1") ? new GOST3411Digest(expand(sboxPacked)) : digest(kupynaName(digestOid), "dke");
    if (messageDigest == null || !Arrays.equals(messageDigest, run(contentDigest, content))) return "FAIL messageDigest";
    String algorithm = digestOid.equals("1.2.804.2.1.1.1.1.2.1") ? "GOST3411WITHDSTU4145LE" : null;
    if (algorithm == null) {
      // Kupyna has no JCA signature name in Bouncy Castle: its DSTU7564Digest over the attributes, then DSTU4145Signer.
      byte[] hash = run(digest(kupynaName(digestOid), "dke"), signedAttributes);
      return verifyRaw(cert.getPublicKey().getEncoded(), hash, encryptedDigest, "le") ? "OK" : "FAIL signature";
    }
    Signature verifier = Signature.getInstance(algorithm, "BC");
    verifier.initVerify(cert.getPublicKey());
    verifier.update(signedAttributes);
    return verifier.verify(new DEROctetString(encryptedDigest).getEncoded()) ? "OK" : "FAIL signature";
  }

  static String kupynaName(String oid) {
    switch (oid) {
      case "1.2.804.2.1.1.1.1.2.2.1": return "kupyna256";
      case "1.2.804.2.1.1.1.1.2.2.2": return "kupyna384";
      case "1.2.804.2.1.1.1.1.2.2.3": return "kupyna512";
      default: throw new IllegalArgumentException("unknown digest " + oid);
    }
  }

  // --- Key stores written by the JDK's own JKS/JCEKS providers, holding keys Bouncy Castle made. ---

  static void makeKeyStore(String type, String path, String password, String outDir) throws Exception {
    KeyStore store = KeyStore.getInstance(type);
    store.load(null, null);
    addKey(store, "dstu", "DSTU4145", new ECGenParameterSpec(DSTU_CURVE + "6"), "GOST3411WITHDSTU4145LE", password, outDir);
    addKey(store, "ec", "EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA", password, outDir);
    addKey(store, "rsa", "RSA", null, "SHA256withRSA", password, outDir);
    try (FileOutputStream out = new FileOutputStream(path)) {
      store.store(out, password.toCharArray());
    }
  }

  /** GOST3411WITHDSTU4145LE as a ContentSigner (Bouncy Castle's finder has no name for it): the value is the DER OCTET STRING certificates carry. */
  static org.bouncycastle.operator.ContentSigner dstuSigner(PrivateKey key) throws Exception {
    Signature signature = Signature.getInstance("GOST3411WITHDSTU4145LE", "BC");
    signature.initSign(key, new SecureRandom());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    return new org.bouncycastle.operator.ContentSigner() {
      public org.bouncycastle.asn1.x509.AlgorithmIdentifier getAlgorithmIdentifier() {
        return new org.bouncycastle.asn1.x509.AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.804.2.1.1.1.1.3.1.1"));
      }
      public java.io.OutputStream getOutputStream() {
        return buffer;
      }
      public byte[] getSignature() {
        try {
          signature.update(buffer.toByteArray());
          return signature.sign();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }
    };
  }

  static void addKey(KeyStore store, String alias, String algorithm, java.security.spec.AlgorithmParameterSpec spec, String signatureAlgorithm, String password, String outDir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, "BC");
    if (spec != null) generator.initialize(spec, new SecureRandom());
    else generator.initialize(2048, new SecureRandom());
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=Signdesk test " + alias);
    Date now = new Date();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.getTime()), now, new Date(now.getTime() + 86400000L), name, pair.getPublic());
    org.bouncycastle.operator.ContentSigner signer = algorithm.equals("DSTU4145") ? dstuSigner(pair.getPrivate()) : new JcaContentSignerBuilder(signatureAlgorithm).setProvider("BC").build(pair.getPrivate());
    X509Certificate cert = new JcaX509CertificateConverter().setProvider("BC").getCertificate(builder.build(signer));
    PrivateKey key = pair.getPrivate();
    store.setKeyEntry(alias, key, password.toCharArray(), new java.security.cert.Certificate[] { cert });
    Files.write(Paths.get(outDir, alias + ".p8"), key.getEncoded());
    Files.write(Paths.get(outDir, alias + ".cer"), cert.getEncoded());
  }
}
