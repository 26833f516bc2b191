using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Parley.Signaling.Contracts;

namespace Parley.Signaling.Tests.Contract;

/// <summary>The XML documentation of Parley.Signaling.Contracts, as plain text with <c>code</c> in backticks.</summary>
internal sealed partial class ContractDocs
{
    private readonly Dictionary<string, XElement> _members;

    private ContractDocs(XDocument xml) =>
        _members = xml.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);

    public static ContractDocs Load(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} is missing: the contract's documentation goes into the generated TypeScript (GenerateDocumentationFile).");
        }

        return new ContractDocs(XDocument.Load(path));
    }

    /// <summary>The summary of a type, field, property or method; empty when it has none.</summary>
    public string Summary(MemberInfo member) => Text(Find(member)?.Element("summary"));

    /// <summary>What a record says of its property: its positional parameter's text, else the property's summary.</summary>
    public string Property(Type record, string name)
    {
        for (var type = record; type is not null; type = type.BaseType)
        {
            var param = Find(type)?.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == name);
            if (param is not null)
            {
                return Text(param);
            }
        }

        return record.GetProperty(name) is { } property ? Summary(property) : string.Empty;
    }

    private XElement? Find(MemberInfo member) => _members.GetValueOrDefault(member switch
    {
        Type type => "T:" + type.FullName,
        FieldInfo field => $"F:{field.DeclaringType!.FullName}.{field.Name}",
        PropertyInfo property => $"P:{property.DeclaringType!.FullName}.{property.Name}",
        MethodInfo method => $"M:{method.DeclaringType!.FullName}.{method.Name}({string.Join(',', method.GetParameters().Select(p => p.ParameterType.FullName))})",
        _ => throw new ArgumentException($"No documentation for a {member.MemberType}.", nameof(member)),
    });

    private static string Text(XElement? element)
    {
        if (element is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        Append(element, text);
        return Spaces().Replace(text.ToString(), " ").Trim();
    }

    private static void Append(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText plain:
                    text.Append(plain.Value);
                    break;
                case XElement { Name.LocalName: "c" } code:
                    text.Append('`').Append(code.Value).Append('`');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    var target = (string?)see.Attribute("langword") ?? ShortName((string?)see.Attribute("cref") ?? string.Empty);
                    text.Append('`').Append(target).Append('`');
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append('`').Append((string?)reference.Attribute("name")).Append('`');
                    break;
                case XElement other:
                    Append(other, text);
                    break;
            }
        }
    }

    // "P:Parley.Signaling.Contracts.SignalingResult.Error" reads "SignalingResult.Error".
    private static string ShortName(string cref)
    {
        var name = cref[(cref.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var call = name.IndexOf('(', StringComparison.Ordinal);
        name = call < 0 ? name : name[..call];
        var ns = typeof(SignalingJsonContext).Namespace + ".";
        return name.StartsWith(ns, StringComparison.Ordinal) ? name[ns.Length..] : name;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
