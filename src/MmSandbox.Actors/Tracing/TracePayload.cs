using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Tracing;

namespace MmSandbox.Actors.Tracing;

/// <summary>
/// The traced payload of one path of a step message, read from its public properties by one rule, so new message
/// types need no tracing code: a per-path array (<see cref="ReadOnlyMemory{T}"/>, <see cref="Memory{T}"/>, or an
/// array as long as the lane) gives its element at the path's offset under its singular snake_case name
/// (<c>Mids</c> → <c>mid</c>); a nested step message (the quotes of <see cref="Fills"/>) gives its own payload,
/// nested; a scalar (number, bool, string, enum) is copied, a struct as its scalar properties. <c>Step</c> and
/// <c>Lane</c> are left out (the record holds them), as is anything else (lists, other classes). A message implementing <see cref="ITracedMessage"/> gives its own payload.
/// The reflection is done once per type.
/// </summary>
public static class TracePayload
{
    private static readonly ConcurrentDictionary<Type, Field[]> Fields = new();

    /// <summary>The payload of the path at <paramref name="offset"/> within <paramref name="message"/>'s lane.</summary>
    public static IReadOnlyList<TraceField> Of(IStepMessage message, int offset)
    {
        if (message is ITracedMessage traced) return traced.TracePayload(offset);
        var fields = Fields.GetOrAdd(message.GetType(), FieldsOf);
        var payload = new List<TraceField>(fields.Length);
        foreach (var field in fields)
        {
            object? raw = field.Property.GetValue(message);
            switch (field.Shape)
            {
                case Shape.PerPath:
                    if (offset < field.Length!(raw!)) payload.Add(new TraceField(field.Name, Value(field.At!(raw!, offset))));
                    break;
                case Shape.Nested:
                    if (raw is IStepMessage nested) payload.Add(new TraceField(field.Name, Of(nested, offset)));
                    break;
                default:
                    payload.Add(new TraceField(field.Name, Value(raw)));
                    break;
            }
        }
        return payload;
    }

    /// <summary><c>BidFilled</c> → <c>bid_filled</c>.</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                                          || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if (boundary) text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    /// <summary>The name of one element of a per-path array: <c>Mids</c> → <c>Mid</c>, <c>Quantities</c> → <c>Quantity</c>; others unchanged.</summary>
    public static string Singular(string name)
    {
        if (name.EndsWith("ies", StringComparison.Ordinal) && name.Length > 3) return name[..^3] + "y";
        if (name.EndsWith('s') && !name.EndsWith("ss", StringComparison.Ordinal) && !name.EndsWith("us", StringComparison.Ordinal)
            && !name.EndsWith("is", StringComparison.Ordinal) && name.Length > 1)
            return name[..^1];
        return name;
    }

    private static Field[] FieldsOf(Type type)
    {
        var fields = new List<Field>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is nameof(IStepMessage.Step) or nameof(IStepMessage.Lane)) continue;
            var t = property.PropertyType;
            if (ElementOf(t) is { } element)
            {
                var at = typeof(TracePayload).GetMethod(nameof(ElementAt), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(element);
                var length = typeof(TracePayload).GetMethod(nameof(LengthOf), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(element);
                fields.Add(new Field(property, SnakeCase(Singular(property.Name)), Shape.PerPath,
                    at.CreateDelegate<Func<object, int, object?>>(), length.CreateDelegate<Func<object, int>>()));
            }
            else if (typeof(IStepMessage).IsAssignableFrom(t))
            {
                fields.Add(new Field(property, SnakeCase(property.Name), Shape.Nested, null, null));
            }
            else if (IsScalar(t) || (t.IsValueType && t != typeof(LaneId)))
            {
                fields.Add(new Field(property, SnakeCase(property.Name), Shape.Scalar, null, null));
            }
        }
        return [.. fields];
    }

    private static Type? ElementOf(Type t)
    {
        if (t.IsArray && t.GetArrayRank() == 1) return t.GetElementType();
        if (t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(ReadOnlyMemory<>) || t.GetGenericTypeDefinition() == typeof(Memory<>)))
            return t.GetGenericArguments()[0];
        return null;
    }

    private static bool IsScalar(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal);
    }

    private static object? ElementAt<T>(object array, int offset) => array switch
    {
        ReadOnlyMemory<T> r => r.Span[offset],
        Memory<T> m => m.Span[offset],
        T[] a => a[offset],
        _ => null,
    };

    private static int LengthOf<T>(object array) => array switch
    {
        ReadOnlyMemory<T> r => r.Length,
        Memory<T> m => m.Length,
        T[] a => a.Length,
        _ => 0,
    };

    /// <summary>Numbers as <see cref="double"/> or <see cref="long"/>, enums by snake_case name, structs by their scalar properties.</summary>
    private static object? Value(object? raw) => raw switch
    {
        null => null,
        double or bool or string => raw,
        float f => (double)f,
        decimal m => (double)m,
        char c => c.ToString(),
        Enum e => SnakeCase(e.ToString()),
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(raw, System.Globalization.CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (long)u : (double)u,
        IStepMessage => null,
        _ when raw.GetType().IsValueType => raw.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && IsScalar(p.PropertyType))
            .Select(p => new TraceField(SnakeCase(p.Name), Value(p.GetValue(raw)))).ToList(),
        _ => raw.ToString(),
    };

    private enum Shape { Scalar, PerPath, Nested }

    private sealed record Field(PropertyInfo Property, string Name, Shape Shape, Func<object, int, object?>? At, Func<object, int>? Length);
}
