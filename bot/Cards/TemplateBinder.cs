using System.Text;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Cards;

/// <summary>
/// Binds Adaptive Card templates (the Adaptive Cards templating language) to data, because the C#
/// templating package is not served here. It covers what our templates in cards/ use and expands it
/// exactly like the official JavaScript engine (adaptivecards-templating 2.3) — a test compares the
/// two on every template:
/// <list type="bullet">
/// <item>"${expression}" strings: a lone expression keeps its type (a list, a number, a boolean);
///   anything else is text; <c>\$</c> writes a literal dollar;</item>
/// <item>"$data": binds an object to another data scope; bound to a list it repeats the object once
///   per item (with <c>$index</c>), and an empty list removes it;</item>
/// <item>"$when": keeps the object only when the expression is the boolean true;</item>
/// <item>expressions: field paths (case-insensitive, with <c>$root</c>, <c>$data</c>, <c>$index</c>,
///   <c>a.b</c>, <c>a[0]</c>), literals, <c>! == != &lt; &lt;= &gt; &gt;= &amp;&amp; ||</c> and the functions
///   if, not, and, or, equals, empty, exists, count, concat, greater(OrEquals), less(OrEquals).</item>
/// </list>
/// Anything else fails when the template is compiled, with the reason. Unlike the official engine,
/// a field the data lacks is an error by default instead of a visible "${field}" in the card.
/// </summary>
public static class TemplateBinder
{
    /// <summary>Parses every expression in <paramref name="template"/> once; the result can be expanded many times.</summary>
    /// <exception cref="TemplateBindingException">The template uses something the binder does not support.</exception>
    public static CompiledTemplate Compile(JToken template, string name = "template") => new(template, name);

    /// <summary>Compiles and expands in one go.</summary>
    public static JToken Expand(JToken template, JToken data, MissingField missing = MissingField.Throw) =>
        Compile(template).Expand(data, missing);
}

/// <summary>A parsed template. Thread-safe: expanding does not change it.</summary>
public sealed class CompiledTemplate
{
    // Properties the templating language consumes; the official engine leaves them out of the card.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion",
    };

    private readonly Node _root;

    internal CompiledTemplate(JToken template, string name)
    {
        Name = name;
        _root = Prepare(template, "$");
    }

    public string Name { get; }

    /// <summary>Expands the template with <paramref name="data"/> as <c>$root</c>.</summary>
    /// <exception cref="TemplateBindingException">A field is missing (in <see cref="MissingField.Throw"/> mode) or a value cannot be used.</exception>
    public JToken Expand(JToken data, MissingField missing = MissingField.Throw) =>
        _root.Expand(new EvaluationScope(data, Data: null, Index: null, missing), this);

    private TemplateBindingException Error(string where, string why) => new($"Card template '{Name}' at {where}: {why}");

    // ---- compile -------------------------------------------------------------------------------

    private Node Prepare(JToken token, string where) => token switch
    {
        JObject obj => PrepareObject(obj, where),
        JArray array => new ArrayNode(array.Select((item, i) => Prepare(item, $"{where}[{i}]")).ToList()),
        JValue { Type: JTokenType.String } s when ((string)s!).Contains("${", StringComparison.Ordinal) =>
            new TextNode(ParseInterpolation((string)s!, where), where),
        _ => new LiteralNode(token.DeepClone()),
    };

    private ObjectNode PrepareObject(JObject obj, string where)
    {
        Interpolation? data = null, when = null;
        if (obj.TryGetValue("$data", out var dataToken))
        {
            data = dataToken is JValue { Type: JTokenType.String } ds && ((string)ds!).Contains("${", StringComparison.Ordinal)
                ? ParseInterpolation((string)ds!, where + ".$data")
                : throw Error(where, "\"$data\" must be a \"${...}\" expression (inline data in the template is not supported)");
        }
        if (obj.TryGetValue("$when", out var whenToken))
        {
            when = whenToken is JValue { Type: JTokenType.String } ws && ((string)ws!).Contains("${", StringComparison.Ordinal)
                ? ParseInterpolation((string)ws!, where + ".$when")
                : throw Error(where, "\"$when\" must be a \"${...}\" expression (the official engine drops the element otherwise)");
        }
        var properties = obj.Properties()
            .Where(p => !Reserved.Contains(p.Name))
            .Select(p => (p.Name, Prepare(p.Value, $"{where}.{p.Name}")))
            .ToList();
        return new ObjectNode(properties, data, when, where);
    }

    /// <summary>Splits "text ${expr} text" into parts the way adaptive-expressions' string interpolation does.</summary>
    private Interpolation ParseInterpolation(string text, string where)
    {
        var parts = new List<object>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '$' or '`')
            {
                literal.Append(text[i + 1]);
                i += 2;
            }
            else if (c == '`')
            {
                throw Error(where, "a backquote (`) cannot appear in a string that contains an expression");
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = FindExpressionEnd(text, i + 2, where);
                var source = text[(i + 2)..end].Trim();
                if (source.Length == 0) throw Error(where, "empty \"${}\"");
                if (literal.Length > 0) { parts.Add(literal.ToString()); literal.Clear(); }
                try
                {
                    parts.Add(TemplateExpression.Parse(source));
                }
                catch (TemplateBindingException e)
                {
                    throw Error(where, e.Message);
                }
                i = end + 1;
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }
        if (literal.Length > 0) parts.Add(literal.ToString());
        return new Interpolation(parts, text);
    }

    private int FindExpressionEnd(string text, int start, string where)
    {
        for (var j = start; j < text.Length; j++)
        {
            var c = text[j];
            if (c == '}') return j;
            if (c is '\'' or '"')
            {
                // Skip a quoted string: the lexer allows \' (or \") and \\ inside it.
                j++;
                while (j < text.Length && text[j] != c)
                {
                    j += text[j] == '\\' && j + 1 < text.Length && (text[j + 1] == c || text[j + 1] == '\\') ? 2 : 1;
                }
                if (j >= text.Length) break;
            }
            else if (c == '{')
            {
                throw Error(where, "object literals ({...}) inside \"${...}\" are not supported");
            }
            else if (c is '\r' or '\n' or '`')
            {
                throw Error(where, "an expression cannot contain a line break or a backquote");
            }
        }
        throw Error(where, $"\"${{\" without a closing \"}}\" in \"{text}\"");
    }

    // ---- expand --------------------------------------------------------------------------------

    private abstract class Node
    {
        /// <summary>The expanded value; a JSON null stands for "nothing" (a dropped object, a null expression).</summary>
        public abstract JToken Expand(EvaluationScope scope, CompiledTemplate template);
    }

    private sealed class LiteralNode(JToken value) : Node
    {
        public override JToken Expand(EvaluationScope scope, CompiledTemplate template) => value.DeepClone();
    }

    private sealed class TextNode(Interpolation text, string where) : Node
    {
        public override JToken Expand(EvaluationScope scope, CompiledTemplate template) =>
            text.Evaluate(scope, template, where);
    }

    private sealed class ArrayNode(IReadOnlyList<Node> items) : Node
    {
        public override JToken Expand(EvaluationScope scope, CompiledTemplate template)
        {
            var result = new JArray();
            foreach (var item in items)
            {
                var value = item.Expand(scope, template);
                // As in the official engine: nulls (dropped objects) vanish and lists are spliced in,
                // which is how a "$data"-repeated element becomes several elements.
                if (value.Type == JTokenType.Null) continue;
                if (value is JArray many)
                {
                    foreach (var each in many) result.Add(each);
                }
                else
                {
                    result.Add(value);
                }
            }
            return result;
        }
    }

    private sealed class ObjectNode(IReadOnlyList<(string Name, Node Value)> properties, Interpolation? data, Interpolation? when, string where) : Node
    {
        public override JToken Expand(EvaluationScope scope, CompiledTemplate template)
        {
            var scopes = new List<EvaluationScope>();
            if (data is null)
            {
                scopes.Add(scope);
            }
            else
            {
                var bound = data.Evaluate(scope, template, where + ".$data");
                if (bound is JArray list)
                {
                    scopes.AddRange(list.Select((item, i) => scope with { Data = item, Index = new JValue((long)i) }));
                }
                else
                {
                    scopes.Add(scope with { Data = bound });
                }
            }

            var results = new List<JToken>();
            foreach (var itemScope in scopes)
            {
                if (when is not null && !when.IsTrue(itemScope)) continue;
                var obj = new JObject();
                foreach (var (name, node) in properties)
                {
                    obj[name] = node.Expand(itemScope, template);
                }
                results.Add(obj);
            }
            return results.Count switch
            {
                0 => JValue.CreateNull(),
                1 => results[0],
                _ => new JArray(results),
            };
        }
    }

    /// <summary>A string with at least one "${...}": literal text parts and expressions.</summary>
    private sealed class Interpolation(IReadOnlyList<object> parts, string source)
    {
        /// <summary>A lone non-literal expression keeps its type; everything else becomes text (as in the official engine,
        /// where even "${'x'}" or "${true}" is text).</summary>
        private TemplateExpression? Single =>
            parts is [TemplateExpression e] && e is not TemplateExpression.Literal ? e : null;

        public JToken Evaluate(EvaluationScope scope, CompiledTemplate template, string where)
        {
            try
            {
                switch (Single)
                {
                    case TemplateExpression.Call { Name: "concat" } concat:
                        // The official engine writes a lone concat(...) like a text with expressions, argument by
                        // argument, so "${concat(a, b)}" is text even when a and b are lists (which we refuse).
                        return Text(concat.Arguments, scope, template, where);
                    case { } single:
                        var value = single.Evaluate(scope, substitute: true)
                            ?? throw template.Error(where, $"'{single}' has no value");
                        return value.DeepClone();
                    default:
                        return Text(parts, scope, template, where);
                }
            }
            catch (MissingFieldException e)
            {
                throw template.Error(where, $"{e.Message} (needed by \"{source}\"); pass it, or guard the element with $when");
            }
            catch (ExpressionErrorException e)
            {
                throw template.Error(where, e.Message);
            }
        }

        private JValue Text(IEnumerable<object> textParts, EvaluationScope scope, CompiledTemplate template, string where)
        {
            var text = new StringBuilder();
            foreach (var part in textParts)
            {
                if (part is string s)
                {
                    text.Append(s);
                    continue;
                }
                var expression = (TemplateExpression)part;
                var value = expression.Evaluate(scope, substitute: true);
                if (Values.IsNullish(value))
                {
                    throw template.Error(where, $"'{expression}' is null, so it cannot be written into \"{source}\"");
                }
                if (value is JContainer)
                {
                    throw template.Error(where, $"'{expression}' is a list or an object, so it cannot be written into \"{source}\"");
                }
                text.Append(Values.ToText(value!));
            }
            return new JValue(text.ToString());
        }

        /// <summary>"$when": only the boolean true keeps the element; errors count as false, and so does text
        /// (anything but a lone expression), as in the official engine.</summary>
        public bool IsTrue(EvaluationScope scope)
        {
            try
            {
                var value = Single?.Evaluate(scope, substitute: false);
                return value is { Type: JTokenType.Boolean } && (bool)value;
            }
            catch (ExpressionErrorException)
            {
                return false;
            }
        }
    }
}
