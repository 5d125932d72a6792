/*
 * The API-level lint of ./build.sh apk and ./build.sh test: every Android framework or Java core
 * library class, method and field the app's compiled code uses must exist at minSdk, or be used only
 * where the code has checked Build.VERSION.SDK_INT above minSdk, or inside a class or method
 * annotated @TargetApi / @RequiresApi above minSdk (Android Lint's NewApi rule, on bytecode).
 *
 *   java -cp <asm, asm-tree, animal-sniffer> scripts/apk/ApiLint.java --min-sdk 26 \
 *        --api android-api-level-26.signature --compile android-all-35.jar CLASSES_DIR
 *
 * What exists at minSdk: the public SDK API of that level, android.* and java.* alike, from the
 * Animal Sniffer signature net.sf.androidscents.signature:android-api-level-26 (made from the SDK's
 * android.jar; Maven Central). Robolectric's android-all jar for 26 was the first candidate, but
 * it has no java.* (Robolectric runs on the host JDK) and does have the platform's hidden API,
 * which an app must not call. What the code was compiled against: Robolectric's android-all for
 * compileSdk (--compile) and the JDK running this lint (the one kotlinc and javac used).
 *
 * How "guarded" is decided, per method, by a forward data flow over its bytecode: each
 * instruction gets the lowest SDK level known on every path to it. It starts at minSdk (or the
 * method's / class's annotation), and a comparison of SDK_INT with a constant raises it on the
 * branch where SDK_INT is known to be at least that constant (if (SDK_INT >= P) { ... },
 * if (SDK_INT < P) return, SDK_INT < Q || ..., SDK_INT >= P && ...). A lambda's body starts at the
 * level where the lambda was created. The lint only knows "at minSdk" and "later": it checks that a
 * newer API is behind some check above minSdk, not that the check names the API's own level.
 *
 * Exit status 1 with one line per use outside such a check; 0 otherwise.
 */

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;
import org.codehaus.mojo.animal_sniffer.Clazz;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

public class ApiLint {
    private static final String SDK_INT_OWNER = "android/os/Build$VERSION";
    private static final List<String> LEVEL_ANNOTATIONS = List.of(
            "Landroid/annotation/TargetApi;", "Landroidx/annotation/RequiresApi;",
            "Landroid/support/annotation/RequiresApi;", "Landroidx/annotation/ChecksSdkIntAtLeast;");

    /** A class as an API index sees it: its supertypes and members ("name(desc)ret", "name#desc"). */
    record Info(String superName, List<String> interfaces, Set<String> members) {}

    static String member(String name, String desc, boolean field) {
        return field ? name + "#" + desc : name + desc;
    }

    /** An index of classes by internal name. */
    interface Api {
        Optional<Info> get(String name);

        /** The class in this index's hierarchy of `owner` that declares the member, if any. */
        default Optional<String> declaring(String owner, String key) {
            ArrayDeque<String> todo = new ArrayDeque<>(List.of(owner));
            while (!todo.isEmpty()) {
                String c = todo.pop();
                Optional<Info> info = get(c);
                if (info.isEmpty()) continue;
                if (info.get().members().contains(key)) return Optional.of(c);
                if (info.get().superName() != null) todo.add(info.get().superName());
                todo.addAll(info.get().interfaces());
            }
            return Optional.empty();
        }
    }

    static Info info(ClassNode n) {
        Set<String> members = new HashSet<>();
        for (FieldNode f : n.fields) members.add(member(f.name, f.desc, true));
        for (MethodNode m : n.methods) members.add(member(m.name, m.desc, false));
        return new Info(n.superName, n.interfaces, members);
    }

    /** Class files read on demand, from a jar or (no jar) from the JDK running the lint. */
    static final class ClassFiles implements Api {
        final ZipFile zip;
        final Map<String, Optional<Info>> cache = new HashMap<>();

        ClassFiles(Path jar) throws IOException {
            zip = jar == null ? null : new ZipFile(jar.toFile());
        }

        public Optional<Info> get(String name) {
            return cache.computeIfAbsent(name, n -> {
                try (InputStream in = open(n + ".class")) {
                    if (in == null) return Optional.empty();
                    ClassNode node = new ClassNode();
                    new ClassReader(in).accept(node, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG);
                    return Optional.of(info(node));
                } catch (IOException e) {
                    throw new RuntimeException(n + ": " + e.getMessage(), e);
                }
            });
        }

        InputStream open(String entry) throws IOException {
            if (zip == null) return ClassLoader.getPlatformClassLoader().getResourceAsStream(entry);
            ZipEntry e = zip.getEntry(entry);
            return e == null ? null : zip.getInputStream(e);
        }
    }

    /** An Animal Sniffer signature: the serialized, gzipped Clazz records of one API. */
    static final class Signature implements Api {
        final Map<String, Info> classes = new HashMap<>();

        Signature(Path path) throws IOException {
            try (ObjectInputStream in = new ObjectInputStream(new GZIPInputStream(Files.newInputStream(path)))) {
                while (true) {
                    Object o;
                    try {
                        o = in.readObject();
                    } catch (EOFException end) {
                        break;
                    } catch (ClassNotFoundException e) {
                        throw new IOException(path + ": " + e.getMessage(), e);
                    }
                    if (o == null) break;
                    Clazz c = (Clazz) o;
                    String[] interfaces = c.getSuperInterfaces() == null ? new String[0] : c.getSuperInterfaces();
                    classes.put(c.getName(), new Info(c.getSuperClass(), List.of(interfaces), c.getSignatures()));
                }
            }
            if (classes.isEmpty()) throw new IOException(path + ": no classes");
        }

        public Optional<Info> get(String name) {
            return Optional.ofNullable(classes.get(name));
        }
    }

    /** The first index that knows a class answers for it. */
    record Either(Api first, Api second) implements Api {
        public Optional<Info> get(String name) {
            Optional<Info> info = first.get(name);
            return info.isPresent() ? info : second.get(name);
        }
    }

    final int minSdk;
    final Api atMin;
    final Api framework;
    final Map<String, ClassNode> app = new HashMap<>();
    final Map<String, Integer> lambdaLevel = new HashMap<>();
    final TreeSet<String> problems = new TreeSet<>();
    int checked;
    int guarded;

    ApiLint(int minSdk, Api atMin, Api framework) {
        this.minSdk = minSdk;
        this.atMin = atMin;
        this.framework = framework;
    }

    static int annotationLevel(List<AnnotationNode> visible, List<AnnotationNode> invisible) {
        int level = 0;
        for (List<AnnotationNode> list : Arrays.asList(visible, invisible)) {
            if (list == null) continue;
            for (AnnotationNode a : list) {
                if (!LEVEL_ANNOTATIONS.contains(a.desc) || a.values == null) continue;
                for (int i = 0; i + 1 < a.values.size(); i += 2) {
                    Object v = a.values.get(i + 1);
                    if (("value".equals(a.values.get(i)) || "api".equals(a.values.get(i))) && v instanceof Integer x) {
                        level = Math.max(level, x);
                    }
                }
            }
        }
        return level;
    }

    int classLevel(ClassNode c) {
        int level = annotationLevel(c.visibleAnnotations, c.invisibleAnnotations);
        // A nested class is guarded by its outer class's annotation too.
        if (c.nestHostClass != null && app.containsKey(c.nestHostClass)) {
            level = Math.max(level, classLevel(app.get(c.nestHostClass)));
        }
        return level;
    }

    /** The app class or method a reference needs, above minSdk; 0 when none. */
    int appRequirement(String owner, String name, String desc) {
        ClassNode c = app.get(owner);
        if (c == null) return 0;
        int level = classLevel(c);
        if (name != null) {
            for (MethodNode m : c.methods) {
                if (m.name.equals(name) && m.desc.equals(desc)) {
                    level = Math.max(level, annotationLevel(m.visibleAnnotations, m.invisibleAnnotations));
                }
            }
        }
        return level > minSdk ? level : 0;
    }

    /** Where a reference resolves: walks up the app's own classes to the library class it inherits from. */
    Optional<String> frameworkOwner(String owner, String name, String desc, boolean field) {
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(owner));
        while (!todo.isEmpty()) {
            String c = todo.pop();
            ClassNode a = app.get(c);
            if (a == null) {
                if (framework.get(c).isPresent()) return Optional.of(c);
                continue;
            }
            boolean declared = name == null
                    || (field ? a.fields.stream().anyMatch(f -> f.name.equals(name))
                              : a.methods.stream().anyMatch(m -> m.name.equals(name) && m.desc.equals(desc)));
            if (declared) return Optional.empty();
            if (a.superName != null) todo.add(a.superName);
            todo.addAll(a.interfaces);
        }
        return Optional.empty();
    }

    /** Why a framework class or member is missing at minSdk, or empty when it exists there. */
    Optional<String> missingAtMin(String owner, String name, String desc, boolean field) {
        Optional<String> fw = frameworkOwner(owner, name, desc, field);
        if (fw.isEmpty()) return Optional.empty();
        String cls = fw.get();
        String shown = cls.replace('/', '.') + (name == null ? "" : "." + name + (field ? "" : desc));
        if (atMin.get(cls).isEmpty()) return Optional.of("class " + cls.replace('/', '.') + " (for " + shown + ")");
        if (name == null) return Optional.empty();
        String key = member(name, desc, field);
        if (atMin.declaring(cls, key).isPresent()) return Optional.empty();
        // Declared by a supertype the compile-time API has: the member exists at minSdk if that
        // supertype has it there.
        Optional<String> declaring = framework.declaring(cls, key);
        if (declaring.isPresent() && atMin.declaring(declaring.get(), key).isPresent()) return Optional.empty();
        return Optional.of(shown);
    }

    void use(String where, int level, String owner, String name, String desc, boolean field) {
        if (owner.startsWith("[")) owner = Type.getType(owner).getElementType().getInternalName();
        int need = appRequirement(owner, name, desc);
        if (need > 0) {
            checked++;
            if (level >= need) guarded++;
            else problems.add(where + ": uses " + owner.replace('/', '.') + (name == null ? "" : "." + name)
                    + ", annotated for API " + need + ", outside an SDK_INT check");
            return;
        }
        Optional<String> missing = missingAtMin(owner, name, desc, field);
        if (framework.get(owner).isPresent() || missing.isPresent()) checked++;
        if (missing.isEmpty()) return;
        if (level > minSdk) {
            guarded++;
            return;
        }
        problems.add(where + ": " + missing.get() + " is not in API " + minSdk
                + "; put it behind Build.VERSION.SDK_INT or in a @TargetApi class or method");
    }

    /** The constant an instruction pushes, if it pushes one. */
    static Integer constant(AbstractInsnNode i) {
        int op = i.getOpcode();
        if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) return op - Opcodes.ICONST_0;
        if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) return ((IntInsnNode) i).operand;
        if (op == Opcodes.LDC && ((LdcInsnNode) i).cst instanceof Integer x) return x;
        return null;
    }

    static boolean isSdkInt(AbstractInsnNode i) {
        return i instanceof FieldInsnNode f && f.getOpcode() == Opcodes.GETSTATIC
                && f.owner.equals(SDK_INT_OWNER) && f.name.equals("SDK_INT");
    }

    static AbstractInsnNode previous(AbstractInsnNode i) {
        do {
            i = i.getPrevious();
        } while (i != null && i.getOpcode() < 0);
        return i;
    }

    /**
     * For `SDK_INT <op> constant` ending in jump j: {level on the jump, level on the fall-through}
     * as the lowest SDK_INT each branch implies (0: nothing learnt); null when j is not one.
     */
    static int[] sdkBranch(JumpInsnNode j) {
        AbstractInsnNode b = previous(j);
        AbstractInsnNode a = b == null ? null : previous(b);
        if (a == null) return null;
        int op = j.getOpcode();
        Integer k;
        if (isSdkInt(a) && (k = constant(b)) != null) {
            // jump when SDK_INT <op> k
        } else if (isSdkInt(b) && (k = constant(a)) != null) {
            // jump when k <op> SDK_INT: mirror the comparison
            op = switch (op) {
                case Opcodes.IF_ICMPLT -> Opcodes.IF_ICMPGT;
                case Opcodes.IF_ICMPGT -> Opcodes.IF_ICMPLT;
                case Opcodes.IF_ICMPLE -> Opcodes.IF_ICMPGE;
                case Opcodes.IF_ICMPGE -> Opcodes.IF_ICMPLE;
                default -> op;
            };
        } else {
            return null;
        }
        return switch (op) {
            case Opcodes.IF_ICMPGE -> new int[] {k, 0};        // SDK >= k jumps
            case Opcodes.IF_ICMPGT -> new int[] {k + 1, 0};    // SDK > k jumps
            case Opcodes.IF_ICMPLT -> new int[] {0, k};        // SDK < k jumps, falls through at >= k
            case Opcodes.IF_ICMPLE -> new int[] {0, k + 1};    // SDK <= k jumps
            case Opcodes.IF_ICMPEQ -> new int[] {k, 0};
            case Opcodes.IF_ICMPNE -> new int[] {0, k};
            default -> null;
        };
    }

    /** Lints one method; returns whether it changed a lambda's starting level. */
    boolean lintMethod(ClassNode c, MethodNode m) {
        InsnList code = m.instructions;
        if (code.size() == 0) return false;
        int start = Math.max(minSdk, Math.max(classLevel(c),
                annotationLevel(m.visibleAnnotations, m.invisibleAnnotations)));
        start = Math.max(start, lambdaLevel.getOrDefault(c.name + "." + m.name + m.desc, 0));
        int n = code.size();
        int[] level = new int[n];
        Arrays.fill(level, -1);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        java.util.function.BiConsumer<Integer, Integer> flow = (at, l) -> {
            if (at < n && (level[at] < 0 || l < level[at])) {
                level[at] = l;
                work.add(at);
            }
        };
        flow.accept(0, start);
        for (TryCatchBlockNode t : m.tryCatchBlocks) flow.accept(code.indexOf(t.handler), start);
        while (!work.isEmpty()) {
            int at = work.pop();
            AbstractInsnNode i = code.get(at);
            int l = level[at];
            int op = i.getOpcode();
            if (i instanceof JumpInsnNode j) {
                int[] sdk = sdkBranch(j);
                flow.accept(code.indexOf(j.label), sdk == null ? l : Math.max(l, sdk[0]));
                if (op != Opcodes.GOTO) flow.accept(at + 1, sdk == null ? l : Math.max(l, sdk[1]));
            } else if (i instanceof TableSwitchInsnNode s) {
                flow.accept(code.indexOf(s.dflt), l);
                for (LabelNode t : s.labels) flow.accept(code.indexOf(t), l);
            } else if (i instanceof LookupSwitchInsnNode s) {
                flow.accept(code.indexOf(s.dflt), l);
                for (LabelNode t : s.labels) flow.accept(code.indexOf(t), l);
            } else if (!(op >= Opcodes.IRETURN && op <= Opcodes.RETURN) && op != Opcodes.ATHROW) {
                flow.accept(at + 1, l);
            }
        }
        boolean changed = false;
        int line = 0;
        String source = c.name.replace('/', '.') + "." + m.name;
        for (int at = 0; at < n; at++) {
            AbstractInsnNode i = code.get(at);
            if (i instanceof LineNumberNode ln) line = ln.line;
            int l = level[at];
            if (l < 0) continue; // unreachable
            String where = source + " (" + (c.sourceFile == null ? "?" : c.sourceFile) + ":" + line + ")";
            if (i instanceof MethodInsnNode mi) {
                use(where, l, mi.owner, mi.name, mi.desc, false);
            } else if (i instanceof FieldInsnNode fi && !isSdkInt(fi)) {
                use(where, l, fi.owner, fi.name, fi.desc, true);
            } else if (i instanceof TypeInsnNode ti) {
                use(where, l, ti.desc, null, null, false);
            } else if (i instanceof LdcInsnNode li && li.cst instanceof Type t && t.getSort() == Type.OBJECT) {
                use(where, l, t.getInternalName(), null, null, false);
            } else if (i instanceof InvokeDynamicInsnNode indy) {
                for (Object arg : indy.bsmArgs) {
                    if (arg instanceof Handle h && app.containsKey(h.getOwner())) {
                        String key = h.getOwner() + "." + h.getName() + h.getDesc();
                        Integer before = lambdaLevel.get(key);
                        int merged = before == null ? l : Math.min(before, l);
                        if (before == null || before != merged) {
                            lambdaLevel.put(key, merged);
                            changed = true;
                        }
                    }
                }
            }
        }
        return changed;
    }

    void lintClass(ClassNode c) {
        String where = c.name.replace('/', '.') + " (" + (c.sourceFile == null ? "?" : c.sourceFile) + ")";
        int level = Math.max(minSdk, classLevel(c));
        List<String> supers = new ArrayList<>(c.interfaces);
        if (c.superName != null) supers.add(c.superName);
        for (String s : supers) use(where + " extends", level, s, null, null, false);
    }

    public static void main(String[] args) throws IOException {
        int minSdk = -1;
        Path api = null, compile = null, classes = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--min-sdk" -> minSdk = Integer.parseInt(args[++i]);
                case "--api" -> api = Path.of(args[++i]);
                case "--compile" -> compile = Path.of(args[++i]);
                default -> classes = Path.of(args[i]);
            }
        }
        if (minSdk < 0 || api == null || compile == null || classes == null) {
            System.err.println("usage: ApiLint --min-sdk N --api android-api-level-N.signature --compile android-all.jar CLASSES_DIR");
            System.exit(2);
        }
        ApiLint lint = new ApiLint(minSdk, new Signature(api), new Either(new ClassFiles(compile), new ClassFiles(null)));
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class")).sorted()::iterator) {
                ClassNode node = new ClassNode();
                new ClassReader(Files.readAllBytes(p)).accept(node, 0);
                lint.app.put(node.name, node);
            }
        }
        if (lint.app.isEmpty()) {
            System.err.println("ApiLint: no class files under " + classes);
            System.exit(2);
        }
        // Lambdas take the level of the code that creates them: repeat until that settles.
        for (int round = 0; round < 8; round++) {
            boolean changed = false;
            lint.problems.clear();
            lint.checked = lint.guarded = 0;
            for (ClassNode c : lint.app.values()) {
                lint.lintClass(c);
                for (MethodNode m : c.methods) changed |= lint.lintMethod(c, m);
            }
            if (!changed) break;
        }
        for (String p : lint.problems) System.err.println("ApiLint: " + p);
        System.out.println("    " + lint.app.size() + " classes, " + lint.checked + " library references checked against API "
                + minSdk + ", " + lint.guarded + " newer ones behind SDK_INT checks or @TargetApi, "
                + lint.problems.size() + " unguarded");
        System.exit(lint.problems.isEmpty() ? 0 : 1);
    }
}
