using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MmSandbox.Core.Engine;

namespace MmSandbox.Actors.Tests;

/// <summary>
/// The simulation's assemblies (Core and Actors) must not read the wall clock, use System.Random or
/// iterate a hash-ordered collection: any of these could make two runs of one seed differ. The build
/// already bans most of them (src/BannedSymbols.txt); this test reads the compiled assemblies' metadata,
/// so it also catches what the analyzer cannot see, such as a foreach over a Dictionary.
/// </summary>
public sealed class SimulationPurityTests
{
    private static readonly (string Type, string? Member, string Why)[] Forbidden =
    [
        ("System.Random", null, "use CounterRng"),
        ("System.DateTime", "get_Now", "wall clock"),
        ("System.DateTime", "get_UtcNow", "wall clock"),
        ("System.DateTimeOffset", "get_Now", "wall clock"),
        ("System.DateTimeOffset", "get_UtcNow", "wall clock"),
        ("System.Diagnostics.Stopwatch", null, "wall clock"),
        ("System.Environment", "get_TickCount", "wall clock"),
        ("System.Environment", "get_TickCount64", "wall clock"),
        ("System.Guid", "NewGuid", "not reproducible"),
        ("System.String", "GetHashCode", "randomised per process"),
        ("System.Collections.Generic.Dictionary`2", "GetEnumerator", "hash order"),
        ("System.Collections.Generic.Dictionary`2", "get_Keys", "hash order"),
        ("System.Collections.Generic.Dictionary`2", "get_Values", "hash order"),
        ("System.Collections.Generic.HashSet`1", "GetEnumerator", "hash order"),
        ("System.Collections.Concurrent.ConcurrentDictionary`2", "GetEnumerator", "hash order"),
        ("Akka.Actor.ActorSystem", "get_Scheduler", "simulated time comes from the virtual clock"),
        ("Akka.Actor.ITimerScheduler", null, "simulated time comes from the virtual clock"),
    ];

    public static TheoryData<string> Assemblies => new() { typeof(ReferenceEngine).Assembly.Location, typeof(ActorEngine).Assembly.Location };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_simulation_never_references_the_wall_clock_system_random_or_hash_ordered_iteration(string assembly)
    {
        var found = References(assembly)
            .Where(r => Forbidden.Any(f => f.Type == r.Type && (f.Member is null || f.Member == r.Member)))
            .Select(r => $"{r.Type}::{r.Member}")
            .Distinct()
            .ToList();
        Assert.True(found.Count == 0, $"{Path.GetFileName(assembly)} references: {string.Join(", ", found)}");
    }

    [Fact]
    public void The_scan_sees_references_of_the_kinds_it_forbids()
    {
        // This test assembly uses a Dictionary enumerator and Stopwatch on purpose: the scan must find them,
        // or the test above could pass by seeing nothing.
        var d = new Dictionary<int, int> { [1] = 2 };
        int sum = 0;
        foreach (var kv in d) sum += kv.Value;
        Assert.Equal(2, sum);
        Assert.True(System.Diagnostics.Stopwatch.StartNew().Elapsed >= TimeSpan.Zero);
        var refs = References(typeof(SimulationPurityTests).Assembly.Location).ToList();
        Assert.Contains(refs, r => r.Type == "System.Collections.Generic.Dictionary`2" && r.Member == "GetEnumerator");
        Assert.Contains(refs, r => r.Type == "System.Diagnostics.Stopwatch");
    }

    /// <summary>Every type and member the assembly references, as (full type name, member name or null).</summary>
    private static IEnumerable<(string Type, string? Member)> References(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var result = new List<(string, string?)>();
        foreach (var handle in md.TypeReferences) result.Add((Name(md, handle), null));
        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            string? type = member.Parent.Kind switch
            {
                HandleKind.TypeReference => Name(md, (TypeReferenceHandle)member.Parent),
                HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(new GenericName(md), null),
                _ => null,
            };
            if (type is not null) result.Add((type, md.GetString(member.Name)));
        }
        return result;
    }

    private static string Name(MetadataReader md, TypeReferenceHandle handle)
    {
        var t = md.GetTypeReference(handle);
        string name = md.GetString(t.Name);
        if (t.ResolutionScope.Kind == HandleKind.TypeReference) return Name(md, (TypeReferenceHandle)t.ResolutionScope) + "+" + name;
        string ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Decodes a type specification to the name of its generic type definition (enough to match by name).</summary>
    private sealed class GenericName(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Name(md, handle);
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[]";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType;
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
