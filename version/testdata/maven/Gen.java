// Gen labels Maven version vectors with Maven's own classes (the oracle).
//
// Run from this directory, with Java 17 or later (single-file launch):
//
//	JAR=/usr/share/maven-repo/org/apache/maven/maven-artifact/3.8.7/maven-artifact-3.8.7.jar
//	LANG3=/usr/share/java/commons-lang3-3.12.0.jar # DefaultArtifactVersion needs it
//	java -cp $JAR:$LANG3 Gen.java compare 0 > maven-hard-0.tsv
//	java -cp $JAR:$LANG3 Gen.java compare 1 > maven-hard-1.tsv
//	java -cp $JAR:$LANG3 Gen.java ranges  > maven-ranges.tsv
//
// maven-hard-{0,1}.tsv: every pair of the versions below (split in two by
// the parity of the first one's index, to keep each file small), "a<TAB>b<TAB>-1|0|1",
// from ComparableVersion.compareTo. maven-ranges.tsv: "spec<TAB>version<TAB>
// true|false|error", from VersionRange.createFromVersionSpec(spec) and
// containsVersion(new DefaultArtifactVersion(version)); "error" means the
// spec threw InvalidVersionSpecificationException. Produced with
// maven-artifact 3.8.7 on OpenJDK 17.0.15.

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.apache.maven.artifact.versioning.VersionRange;

public class Gen {
    static final String ORACLE = "oracle:maven-artifact-3.8.7";

    static final String[] VERSIONS = {
        "0", "0.0", "0-0", "00", "0.0.0.0", "1", "1.0", "1.0.0", "1-0", "1.0-0", "01", "001.0", "1.00",
        "1.", "1..", "1..1", "1.-1", "1-", "1--1", "-1", ".1", "1.0.", ".", "-",
        "1-1", "1.1", "1-1-1", "1.1.1", "1-1.1", "1.1-1", "1.0.1", "1.0-1", "1.0.0-1", "1-0.1",
        "1a", "1-a", "1.a", "1a1", "1-a1", "1.a1", "1-alpha1", "1-alpha-1", "1alpha", "1.0-alpha", "1.0alpha1",
        "1b", "1b1", "1-beta-1", "1beta", "1m", "1m1", "1-milestone-1", "1.0-M1", "1.0-m2",
        "1rc", "1rc1", "1-RC1", "1.0.RC1", "1.0-rc-1", "1cr", "1cr1", "1-CR2",
        "1-snapshot", "1.0-SNAPSHOT", "1.0-SNAPSHOT1", "1.0.0-SNAPSHOT", "1.0-alpha-1-SNAPSHOT", "1.0-20090101.120000-1",
        "1ga", "1-ga", "1.0.GA", "1-final", "1.0.Final", "1.0.FINAL", "1-release", "1.0.0.RELEASE", "1.0.RELEASE", "1.0.0.Release",
        "1-sp", "1-sp1", "1.0-SP1", "1sp", "1.0.sp.1", "1-sp-1",
        "1-abc", "1-xyz", "1-ABC", "1.0-abc", "1.0abc", "1-abc1", "1-jre", "1.0-jre", "1.0-android", "1.0.jre8", "1.0-jdk15on",
        "1-alpha", "1-aLpHa", "1-a", "1-b", "1-m", "1-x", "1-z", "1-aa",
        "1-1-SNAPSHOT", "1.1-SNAPSHOT", "1.1.0-SNAPSHOT", "2-SNAPSHOT",
        "2.0.a", "2.0.0.a", "2-1", "2.0-1", "2.0.1", "2.0.1-klm", "2.0.1-xyz", "2.0.1-123", "2.0.1a", "2.0.1.a",
        "1-0.alpha", "1-0.beta", "1-0-alpha", "1.0.0.alpha", "1.0.0-alpha", "1-0a",
        "999999999", "1000000000", "999999999999999999", "1000000000000000000", "99999999999999999999999",
        "0000000000", "0000000000000000000", "1.0000000000.1", "1.00000000000000000000.1", "1.0000000001",
        "18446744073709551616", "18446744073709551617", "1.18446744073709551616", "9223372036854775807", "9223372036854775808",
        "2147483647", "2147483648", "123456789012345678901234567890.1",
        "20190126.230843", "1234567890.12345", "123456789012345.1H.5-beta", "12345678901234567890.1H.5-beta",
        "6.1.0rc3", "6.1.0", "6.1H.5-beta",
        "1_0", "1+1", "1+build", "1.0+2", "1~1", "1 0", "1.0 ", " 1.0", "v1", "v1.0", "V1.0", "r1", "1.0r1",
        "1.0.0.0.0.0.1", "1.0.0.0.0.0", "1.2.3.4.5.6.7.8.9",
        "1-1.foo-bar-1-baz-0.1", "1.0-alpha.beta", "1.0-alpha-beta", "1.0.alpha.beta",
        "1.0-foo2", "1.0-foo10", "1.0-foo-2", "1.0-foo-10", "1.0-2foo", "1.0-10foo",
        "\u0661.\u0662", "1.2", "\u0661\u0660", "10", "\uff11.\uff10", "1.\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0661",
        "C0A0A.C0C0C0", "0A1", "00", // ComparableVersion is not transitive on these (found by fuzzing)
        "1-\u00e9", "1-\u00c9", "1-\u0130", "1-i\u0307", "1-\u00df", "1-\uffff", "1-\ud83d\ude00", "1-\ue000",
    };

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: Gen compare 0|1 | ranges");
        }
        if (args[0].equals("compare")) {
            int part = Integer.parseInt(args[1]);
            System.out.println("# a\tb\texpected(-1|0|1)\tlabelled by Gen.java compare " + part + " with " + ORACLE);
            for (int i = part; i < VERSIONS.length; i += 2) {
                for (int j = i + 1; j < VERSIONS.length; j++) {
                    int c = Integer.signum(new ComparableVersion(VERSIONS[i]).compareTo(new ComparableVersion(VERSIONS[j])));
                    System.out.println(VERSIONS[i] + "\t" + VERSIONS[j] + "\t" + c + "\t" + ORACLE);
                }
            }
            return;
        }
        String[] specs = {
            "[1.0,2.0)", "[1.0,2.0]", "(1.0,2.0)", "(1.0,2.0]", "(,1.0]", "(,1.0)", "[1.0,)", "(1.0,)", "[1.2,)",
            "[1.0]", "[1]", "[1.0.0]", "[1.0-SNAPSHOT]", "[1.0-alpha-1,1.0]", "[1.0-SNAPSHOT,1.0)",
            "(,1.0],[1.2,)", "(,1.0),[1.2,)", "(,1.0],(1.2,)", "[1.0,1.1),[1.5,2.0)", "[1.0,1.1),[1.5,2.0),[3.0,)", "[1.0],[1.2]",
            "[1.0,1.2),[1.2,2.0)", "[ 1.0 , 2.0 )", "[1.0,2.0) ,[3.0,4.0)", "[1.0,2.0),[3.0,4.0)", "[,1.0]", "[1.0,]",
            "[,)", "(,)", "[1.0,1.0]", "(1.0)", "[1.0)", "(1.0]", "[1.0", "[1.0,2.0", "1.0]", "[2.0,1.0]", "[1.0,2.0),1.5",
            "[1.0,2.0)x", "[1.0,2.0),(1.5,3.0)", "[1.0,2.0],[2.0,3.0]", "[1.0,2.0),[2.0,3.0)", "(,1.0],[,2.0]", "[1.0,),[0.5,2.0]",
            "[]", "[,]", "[1,2,3]", "[1.0,2.0)[3.0,4.0)", "[1.0-alpha,1.0-beta]", "[1.0.0.RELEASE,2)", "[1.0,1.0.1)",
            "[2.13.0,2.13.4.2)", "[2.0.0-M1,2.0.0-RC1)", "(,2.0.0-alpha1)", "[3.0.0,3.4.0)", "[0,)", "(0,)",
            "[1.0,1]", "(1.0,1]", "[1.0,1.0)", "[1.0,),[0.5,2.0]", "[1.0,2.0),[3.0,)", "[ 1.0 ]", "[1.0-sp1,1.0.1)",
            "[,1.0-SNAPSHOT)", "[1.0.RELEASE]", "[1.0.0.0]", "(,1.0],[1.0,2.0)", "(,1.0),[1.0,2.0)", "[1.0,2.0],", "[1.0,2.0],,[3.0,4.0]",
        };
        String[] probes = {
            "0", "0.5", "1", "1.0", "1.0.0", "1.0-SNAPSHOT", "1.0-alpha-1", "1.0-beta", "1.0-sp1", "1.0.0.RELEASE", "1.0.1",
            "1.1", "1.1-SNAPSHOT", "1.2", "1.2-alpha", "1.5", "2.0-SNAPSHOT", "2.0-alpha1", "2.0", "2.0.0", "2.0.1", "2.13.4",
            "2.13.4.1", "2.13.4.2", "3.0", "3.3.9", "3.4.0", "3.5", "4.0", "2.0.0-M1", "2.0.0-RC1", "2", "3",
        };
        System.out.println("# spec\tversion\ttrue|false|error\tlabelled by Gen.java ranges with " + ORACLE);
        for (String spec : specs) {
            VersionRange r;
            try {
                r = VersionRange.createFromVersionSpec(spec);
            } catch (InvalidVersionSpecificationException e) {
                System.out.println(spec + "\t\terror\t" + ORACLE + ": " + e.getMessage());
                continue;
            }
            for (String p : probes) {
                System.out.println(spec + "\t" + p + "\t" + r.containsVersion(new DefaultArtifactVersion(p)) + "\t" + ORACLE);
            }
        }
    }
}
