using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CodeSignPS.Core.Policy.Yaml;

/// <summary>
/// Reads a policy file into <see cref="PolicyYamlNode"/>s from YamlDotNet's event stream. It is
/// stricter than YAML itself, because a policy is configuration that people review: anchors,
/// aliases and explicit tags are rejected (an alias can multiply a small file into a huge document),
/// nesting is capped at <see cref="MaxDepth"/>, keys must be unique scalars, and a file contains one
/// document. Any of these stops the read, because the rest of the file can no longer be parsed reliably.
/// </summary>
internal sealed class PolicyYamlReader
{
    /// <summary>The deepest nesting of mappings and lists accepted; a version 1 policy needs 5.</summary>
    public const int MaxDepth = 32;

    private readonly IParser parser;
    private readonly string file;
    private readonly ICollection<PolicyError> errors;

    private PolicyYamlReader(string text, string file, ICollection<PolicyError> errors)
    {
        parser = new Parser(new StringReader(text));
        this.file = file;
        this.errors = errors;
    }

    /// <summary>
    /// Reads the single document of <paramref name="text"/>. Returns null, with an error added, when
    /// the text is not acceptable YAML; returns null without an error when the file contains no document.
    /// </summary>
    public static PolicyYamlNode? Read(string text, string file, ICollection<PolicyError> errors)
    {
        if (FindControlCharacter(text, file) is PolicyError control)
        {
            errors.Add(control);
            return null;
        }

        var reader = new PolicyYamlReader(text, file, errors);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException exception)
        {
            errors.Add(new PolicyError(
                file,
                (int)exception.Start.Line,
                (int)exception.Start.Column,
                "YamlSyntax",
                $"The file is not valid YAML: {exception.Message.TrimEnd('.')}. Fix the syntax at this position."));
            return null;
        }
        catch (InvalidOperationException exception) when (exception.TargetSite?.DeclaringType?.Namespace == "YamlDotNet.Core")
        {
            // YamlDotNet 18.1.0's scanner throws this instead of a YamlException on some unclosed flow
            // collections followed by block content. Remove this catch once the scanner reports them as syntax errors.
            Mark after = reader.parser.Current?.End ?? Mark.Empty;
            errors.Add(new PolicyError(
                file,
                Math.Max(1, (int)after.Line),
                Math.Max(1, (int)after.Column),
                "YamlSyntax",
                "The file is not valid YAML after this position; a '{' or '[' is probably not closed. Close it on the same line or write the value in block style."));
            return null;
        }
        catch (RejectedYamlException)
        {
            return null;
        }
    }

    /// <summary>
    /// Finds the first character that YAML does not allow in a stream: C0 controls other than tab, line
    /// feed and carriage return, DEL, C1 controls other than NEL, and U+FFFE and U+FFFF.
    /// </summary>
    /// <remarks>The scanner of YamlDotNet 18.1.0 passes some of them through into scalars, where a NUL would silently change a name or a path.</remarks>
    private static PolicyError? FindControlCharacter(string text, string file)
    {
        int line = 1;
        int column = 1;
        foreach (char character in text)
        {
            bool allowed = character is '\t' or '\n' or '\r' or '\u0085'
                || (character >= '\u0020' && character < '\u007F')
                || (character >= '\u00A0' && character <= '\uFFFD');
            if (!allowed)
            {
                return new PolicyError(file, line, column, "YamlSyntax",
                    $"The file contains the control character U+{(int)character:X4}, which YAML does not allow. Remove it, or write it as an escape such as \"\\x00\" inside a double-quoted string.");
            }

            (line, column) = character == '\n' ? (line + 1, 1) : (line, column + 1);
        }

        return null;
    }

    private PolicyYamlNode? ReadStream()
    {
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        PolicyYamlNode root = ReadNode(depth: 0);
        parser.Consume<DocumentEnd>();
        if (parser.Current is DocumentStart second)
        {
            Reject(second.Start, "YamlSyntax", "A second YAML document starts here; a policy file contains exactly one. Remove the '---' and what follows, or move it to its own file.");
        }

        parser.Consume<StreamEnd>();
        return root;
    }

    private PolicyYamlNode ReadNode(int depth)
    {
        ParsingEvent current = parser.Current ?? throw new InvalidOperationException("The YAML parser ended inside a document.");
        if (current is AnchorAlias alias)
        {
            Reject(alias.Start, "YamlAnchor", $"The alias '*{alias.Value}' is not accepted: policy files use no anchors or aliases, so each value is written where it applies. Repeat the value instead.");
        }

        var node = (NodeEvent)current;
        if (!node.Anchor.IsEmpty)
        {
            Reject(node.Start, "YamlAnchor", $"The anchor '&{node.Anchor}' is not accepted: policy files use no anchors or aliases, so each value is written where it applies. Remove it.");
        }

        if (!node.Tag.IsEmpty)
        {
            Reject(node.Start, "YamlTag", $"The tag '{node.Tag}' is not accepted: values in a policy file are typed by their key. Remove the tag.");
        }

        return node switch
        {
            Scalar scalar => ReadScalar(scalar),
            SequenceStart start => ReadSequence(start, depth + 1),
            MappingStart start => ReadMapping(start, depth + 1),
            _ => throw new InvalidOperationException($"Unexpected YAML event {node.GetType().Name}."),
        };
    }

    private PolicyYamlScalar ReadScalar(Scalar scalar)
    {
        parser.MoveNext();
        return new PolicyYamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, PositionOf(scalar.Start));
    }

    private PolicyYamlSequence ReadSequence(SequenceStart start, int depth)
    {
        CheckDepth(start, depth);
        parser.MoveNext();
        var items = new List<PolicyYamlNode>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadNode(depth));
        }

        return new PolicyYamlSequence(items, PositionOf(start.Start));
    }

    private PolicyYamlMapping ReadMapping(MappingStart start, int depth)
    {
        CheckDepth(start, depth);
        parser.MoveNext();
        var entries = new List<KeyValuePair<PolicyYamlScalar, PolicyYamlNode>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            PolicyYamlNode key = ReadNode(depth);
            if (key is not PolicyYamlScalar scalarKey)
            {
                Reject(key.Position, "WrongType", $"A mapping key is {key.Describe()}; keys in a policy file are plain names. Write the key as a name.");
                return null!;
            }

            PolicyYamlNode value = ReadNode(depth);
            if (seen.Add(scalarKey.Value))
            {
                entries.Add(new(scalarKey, value));
            }
            else
            {
                AddError(scalarKey.Position, "DuplicateKey", $"The key '{scalarKey.Value}' appears twice in the same mapping; YAML keeps only one of them. Remove or merge the second one.");
            }
        }

        return new PolicyYamlMapping(entries, PositionOf(start.Start));
    }

    private void CheckDepth(NodeEvent start, int depth)
    {
        if (depth > MaxDepth)
        {
            Reject(start.Start, "NestingTooDeep", $"The file nests mappings and lists more than {MaxDepth} levels deep here; a policy needs far fewer. Flatten this value.");
        }
    }

    private void Reject(Mark mark, string code, string message) => Reject(PositionOf(mark), code, message);

    private void Reject(SourcePosition position, string code, string message)
    {
        AddError(position, code, message);
        throw new RejectedYamlException();
    }

    private void AddError(SourcePosition position, string code, string message)
        => errors.Add(new PolicyError(file, position.Line, position.Column, code, message));

    private static SourcePosition PositionOf(Mark mark) => new((int)mark.Line, (int)mark.Column);

    /// <summary>Unwinds the reader after it has recorded why it stops.</summary>
    private sealed class RejectedYamlException : Exception
    {
    }
}
