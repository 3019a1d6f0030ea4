using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Cards;

// The expression subset of the Adaptive Cards templating language that our templates use, with the
// semantics of the official engine (adaptivecards-templating 2.3 on adaptive-expressions 4.23):
//  - values are JTokens; C# null means "undefined" (no such field), a JSON null is a JValue Null;
//  - property lookup is case-insensitive (first matching key wins), a missing path is undefined;
//  - where the official engine substitutes a missing field with its "${path}" text we either throw
//    (the default) or do the same (MissingField.LeaveExpression);
//  - !, &&, ||, not(), and(), or(), if()'s condition and the comparisons evaluate their operands
//    without that substitution and swallow operand errors exactly like adaptive-expressions does.
// Anything outside the subset is rejected when the template is compiled, with the reason.

/// <summary>How the binder treats a field the data does not have, where a value is needed.</summary>
public enum MissingField
{
    /// <summary>Throw <see cref="TemplateBindingException"/> naming the field (the default: a card never shows "${...}").</summary>
    Throw,

    /// <summary>Leave "${path}" in the card, as the official JavaScript engine does.</summary>
    LeaveExpression,
}

/// <summary>A template that cannot be bound: unsupported syntax, missing data or a bad value.</summary>
public sealed class TemplateBindingException(string message) : Exception(message);

/// <summary>An evaluation error in adaptive-expressions' sense: some functions swallow it, the top level does not.</summary>
internal sealed class ExpressionErrorException(string message) : Exception(message);

/// <summary>A missing field where a value was required (only in <see cref="MissingField.Throw"/> mode).</summary>
internal sealed class MissingFieldException(string path) : Exception($"the data has no value for '{path}'")
{
    public string Path { get; } = path;
}

internal sealed record EvaluationScope(JToken Root, JToken? Data, JToken? Index, MissingField Missing)
{
    /// <summary>$data falls back to $root until a $data binding sets it (as in the official engine).</summary>
    public JToken CurrentData => Data ?? Root;
}

internal abstract class TemplateExpression
{
    protected TemplateExpression(string text) => Text = text;

    /// <summary>Source-like text, for error messages.</summary>
    public string Text { get; }

    /// <param name="substitute">True where the official engine would replace a missing field with "${path}".</param>
    public abstract JToken? Evaluate(EvaluationScope scope, bool substitute);

    public override string ToString() => Text;

    // ---- parsing ----------------------------------------------------------------------------

    public static TemplateExpression Parse(string source) => new Parser(source).ParseAll();

    private enum TokenKind { Number, String, Identifier, Operator, End }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private sealed class Parser
    {
        private readonly string _source;
        private readonly List<Token> _tokens;
        private int _next;

        public Parser(string source)
        {
            _source = source;
            _tokens = Tokenize(source);
        }

        public TemplateExpression ParseAll()
        {
            var expression = ParseBinary(1);
            if (Peek.Kind != TokenKind.End)
            {
                throw Unsupported($"unexpected '{Peek.Text}' at position {Peek.Position + 1}");
            }
            return expression;
        }

        private Token Peek => _tokens[_next];

        private Token Take() => _tokens[_next++];

        private void Expect(string op)
        {
            var token = Take();
            if (token.Kind != TokenKind.Operator || token.Text != op)
            {
                throw Unsupported($"expected '{op}' at position {token.Position + 1} but found '{token.Text}'");
            }
        }

        private TemplateBindingException Unsupported(string why) =>
            new($"Cannot bind the expression '{_source}': {why}.");

        // Precedence of adaptive-expressions' grammar (higher binds tighter); only these operators are supported.
        private static int Precedence(string op) => op switch
        {
            "==" or "!=" => 5,
            "<" or "<=" or ">" or ">=" => 3,
            "&&" => 2,
            "||" => 1,
            _ => 0,
        };

        private TemplateExpression ParseBinary(int minimum)
        {
            var left = ParseUnary();
            while (Peek.Kind == TokenKind.Operator && Precedence(Peek.Text) is var p && p >= minimum && p > 0)
            {
                var op = Take().Text;
                var right = ParseBinary(p + 1);
                left = Call.Operator(op, left, right);
            }
            return left;
        }

        private TemplateExpression ParseUnary()
        {
            if (Peek is { Kind: TokenKind.Operator, Text: "!" })
            {
                Take();
                var operand = ParseUnary();
                return Call.Operator("!", operand);
            }
            return ParsePostfix(ParsePrimary());
        }

        private TemplateExpression ParsePrimary()
        {
            var token = Take();
            switch (token.Kind)
            {
                case TokenKind.Number:
                    return Literal.Number(token.Text);
                case TokenKind.String:
                    return new Literal(new JValue(UnquoteString(token.Text)), token.Text);
                case TokenKind.Identifier when token.Text == "true":
                    return new Literal(new JValue(true), token.Text);
                case TokenKind.Identifier when token.Text == "false":
                    return new Literal(new JValue(false), token.Text);
                case TokenKind.Identifier when token.Text == "null":
                    return new Literal(JValue.CreateNull(), token.Text);
                case TokenKind.Identifier when token.Text == "undefined":
                    throw Unsupported("'undefined' is not supported; test with empty() or exists()");
                case TokenKind.Identifier when Peek is { Kind: TokenKind.Operator, Text: "(" }:
                    return ParseCall(token.Text);
                case TokenKind.Identifier:
                    if (token.Text.StartsWith("$_", StringComparison.Ordinal) || token.Text.Equals("$host", StringComparison.OrdinalIgnoreCase))
                    {
                        throw Unsupported($"'{token.Text}' is not supported");
                    }
                    return new PathAccess([new PathSegment(token.Text, IsIndex: false)]);
                case TokenKind.Operator when token.Text == "(":
                    var inner = ParseBinary(1);
                    Expect(")");
                    return inner;
                case TokenKind.End:
                    throw Unsupported("the expression ends too early");
                default:
                    throw Unsupported($"'{token.Text}' is not supported here (position {token.Position + 1})");
            }
        }

        private TemplateExpression ParseCall(string name)
        {
            Expect("(");
            var args = new List<TemplateExpression>();
            if (Peek is not { Kind: TokenKind.Operator, Text: ")" })
            {
                while (true)
                {
                    args.Add(ParseBinary(1));
                    if (Peek is { Kind: TokenKind.Operator, Text: "," }) { Take(); continue; }
                    break;
                }
            }
            Expect(")");
            try
            {
                return Call.Create(name, args, $"{name}({string.Join(", ", args.Select(a => a.Text))})");
            }
            catch (ArgumentException e)
            {
                throw Unsupported(e.Message);
            }
        }

        private TemplateExpression ParsePostfix(TemplateExpression primary)
        {
            while (Peek.Kind == TokenKind.Operator && Peek.Text is "." or "[" or "(")
            {
                if (primary is not PathAccess path)
                {
                    throw Unsupported($"'{Peek.Text}' can only follow a field name here");
                }
                var op = Take();
                if (op.Text == ".")
                {
                    var member = Take();
                    if (member.Kind != TokenKind.Identifier) throw Unsupported($"expected a field name after '.' at position {member.Position + 1}");
                    primary = path.Then(new PathSegment(member.Text, IsIndex: false));
                }
                else if (op.Text == "[")
                {
                    var index = Take();
                    PathSegment segment = index.Kind switch
                    {
                        TokenKind.Number when int.TryParse(index.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _) => new PathSegment(index.Text, IsIndex: true),
                        TokenKind.String => new PathSegment(UnquoteString(index.Text), IsIndex: false, Quoted: true),
                        _ => throw Unsupported("an index must be a whole number or a quoted name"),
                    };
                    Expect("]");
                    primary = path.Then(segment);
                }
                else
                {
                    throw Unsupported("only built-in functions can be called");
                }
            }
            return primary;
        }

        private static string UnquoteString(string token)
        {
            var quote = token[0];
            var body = token[1..^1].Replace("\\" + quote, quote.ToString(), StringComparison.Ordinal);
            // adaptive-expressions' evalEscape: \r \n \t \\ become characters, other escapes stay as written.
            var sb = new StringBuilder();
            for (var i = 0; i < body.Length; i++)
            {
                if (body[i] == '\\' && i + 1 < body.Length && body[i + 1] is 'r' or 'n' or 't' or '\\')
                {
                    sb.Append(body[i + 1] switch { 'r' => '\r', 'n' => '\n', 't' => '\t', _ => '\\' });
                    i++;
                }
                else
                {
                    sb.Append(body[i]);
                }
            }
            return sb.ToString();
        }

        private List<Token> Tokenize(string s)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < s.Length)
            {
                var c = s[i];
                if (c is ' ' or '\t' or '\r' or '\n' or '\ufeff' or '\u00a0') { i++; continue; }
                var start = i;
                if (char.IsAsciiDigit(c))
                {
                    while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                    if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
                    {
                        i++;
                        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                    }
                    tokens.Add(new Token(TokenKind.Number, s[start..i], start));
                }
                else if (char.IsAsciiLetter(c) || c is '_' or '$')
                {
                    i++;
                    while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
                    tokens.Add(new Token(TokenKind.Identifier, s[start..i], start));
                }
                else if (c is '\'' or '"')
                {
                    i++;
                    while (i < s.Length && s[i] != c)
                    {
                        i += s[i] == '\\' && i + 1 < s.Length && (s[i + 1] == c || s[i + 1] == '\\') ? 2 : 1;
                    }
                    if (i >= s.Length) throw Unsupported($"unterminated string starting at position {start + 1}");
                    i++;
                    tokens.Add(new Token(TokenKind.String, s[start..i], start));
                }
                else
                {
                    var two = i + 1 < s.Length ? s.Substring(i, 2) : "";
                    if (two == "<>")
                    {
                        // The grammar has it, but adaptive-expressions has no function behind it ("Unknown function <>").
                        throw Unsupported("'<>' is not supported; use !=");
                    }
                    if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||")
                    {
                        tokens.Add(new Token(TokenKind.Operator, two, start));
                        i += 2;
                    }
                    else if (c is '!' or '<' or '>' or '(' or ')' or '[' or ']' or '.' or ',')
                    {
                        tokens.Add(new Token(TokenKind.Operator, c.ToString(), start));
                        i++;
                    }
                    else
                    {
                        throw Unsupported($"'{c}' (position {start + 1}) is not supported; the binder knows ! == != < <= > >= && || and the functions {string.Join(", ", Call.Names)}");
                    }
                }
            }
            tokens.Add(new Token(TokenKind.End, "end of expression", s.Length));
            return tokens;
        }
    }

    // ---- nodes ----------------------------------------------------------------------------

    internal sealed class Literal(JToken value, string text) : TemplateExpression(text)
    {
        public JToken Value { get; } = value;

        public static Literal Number(string text)
        {
            // adaptive-expressions numbers are JavaScript doubles; keep whole numbers integral so they print as 45, not 45.0.
            var d = double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            return new Literal(Values.Number(d), text);
        }

        public override JToken? Evaluate(EvaluationScope scope, bool substitute) => Value;
    }

    internal readonly record struct PathSegment(string Name, bool IsIndex, bool Quoted = false);

    /// <summary>A field path such as <c>session.participants[0].name</c>, <c>$root.x</c>, <c>$index</c>.</summary>
    internal sealed class PathAccess(IReadOnlyList<PathSegment> segments) : TemplateExpression(Format(segments))
    {
        public IReadOnlyList<PathSegment> Segments { get; } = segments;

        public PathAccess Then(PathSegment segment) => new([.. Segments, segment]);

        private static string Format(IReadOnlyList<PathSegment> segments)
        {
            // The same text adaptive-expressions builds for the path (it is what "${path}" substitution shows).
            var sb = new StringBuilder(segments[0].Name);
            foreach (var s in segments.Skip(1))
            {
                sb.Append(s.IsIndex ? $"[{s.Name}]" : s.Quoted ? $"['{s.Name}']" : "." + s.Name);
            }
            return sb.ToString();
        }

        public override JToken? Evaluate(EvaluationScope scope, bool substitute)
        {
            // adaptive-expressions reads "a.b[0].c" as one memory path, but indexes after the last ".name"
            // ("a.b[0]", "a['x']") are element accesses on the value before them: no "${...}" substitution
            // of their result, and an index out of range or into a non-list is an error.
            var pathLength = Segments.Count;
            while (pathLength > 1 && (Segments[pathLength - 1].IsIndex || Segments[pathLength - 1].Quoted)) pathLength--;

            var value = Resolve(scope, pathLength);
            if (value is null && substitute)
            {
                var path = pathLength == Segments.Count ? Text : Format(Segments.Take(pathLength).ToList());
                value = scope.Missing == MissingField.Throw ? throw new MissingFieldException(path) : new JValue("${" + path + "}");
            }
            foreach (var segment in Segments.Skip(pathLength))
            {
                value = segment.IsIndex ? Index(value, int.Parse(segment.Name, CultureInfo.InvariantCulture)) : (value is null ? null : Step(value, segment.Name));
            }
            return value;
        }

        private static JToken? Index(JToken? instance, int index)
        {
            if (Values.IsNullish(instance)) return null;
            if (instance is not JArray array) throw new ExpressionErrorException($"{instance} is not a collection.");
            return index < array.Count ? array[index] : throw new ExpressionErrorException($"{index} is out of range for {array.ToString(Newtonsoft.Json.Formatting.None)}");
        }

        private JToken? Resolve(EvaluationScope scope, int length)
        {
            var first = Segments[0].Name;
            JToken? current;
            if (!first.StartsWith('$')) current = Step(scope.CurrentData, first);
            else if (first.Equals("$root", StringComparison.OrdinalIgnoreCase)) current = scope.Root;
            else if (first.Equals("$data", StringComparison.OrdinalIgnoreCase)) current = scope.CurrentData;
            else if (first.Equals("$index", StringComparison.OrdinalIgnoreCase)) current = scope.Index;
            else current = null;

            foreach (var segment in Segments.Skip(1).Take(length - 1))
            {
                if (current is null) return null;
                current = Step(current, segment.Name);
            }
            return current;
        }

        /// <summary>One step of adaptive-expressions' SimpleObjectMemory.getValue.</summary>
        private static JToken? Step(JToken scope, string part)
        {
            if (scope is JArray array && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return index < array.Count ? array[index] : null;
            }
            if (!Values.IsJavaScriptTruthy(scope)) return null;
            return scope switch
            {
                JObject obj => obj.Properties().FirstOrDefault(p => p.Name.Equals(part, StringComparison.OrdinalIgnoreCase))?.Value,
                JValue { Type: JTokenType.String } s when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) =>
                    i < ((string)s!).Length ? new JValue(((string)s!)[i].ToString()) : null,
                _ => null,
            };
        }
    }

    internal sealed class Call : TemplateExpression
    {
        private readonly string _name;
        private readonly IReadOnlyList<TemplateExpression> _args;

        public string Name => _name;

        public IReadOnlyList<TemplateExpression> Arguments => _args;

        private Call(string name, IReadOnlyList<TemplateExpression> args, string text) : base(text)
        {
            _name = name;
            _args = args;
        }

        /// <summary>Function name → (minimum, maximum) number of arguments. Operators map onto these names.</summary>
        private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.Ordinal)
        {
            ["if"] = (3, 3), ["not"] = (1, 1), ["and"] = (1, int.MaxValue), ["or"] = (1, int.MaxValue),
            ["equals"] = (2, 2), ["empty"] = (1, 1), ["exists"] = (1, 1),
            ["count"] = (1, 1), ["concat"] = (1, int.MaxValue),
            ["greater"] = (2, 2), ["greaterOrEquals"] = (2, 2), ["less"] = (2, 2), ["lessOrEquals"] = (2, 2),
        };

        /// <summary>The functions a template may call (adaptive-expressions names).</summary>
        public static IEnumerable<string> Names => Arity.Keys;

        /// <summary>A function call written in the template.</summary>
        public static Call Create(string name, IReadOnlyList<TemplateExpression> args, string text)
        {
            if (!Arity.TryGetValue(name, out var arity))
            {
                throw new ArgumentException($"the function '{name}' is not supported; the binder knows {string.Join(", ", Names)}");
            }
            if (args.Count < arity.Min || args.Count > arity.Max)
            {
                var expected = arity.Min == arity.Max ? arity.Min.ToString(CultureInfo.InvariantCulture) : $"at least {arity.Min}";
                throw new ArgumentException($"{name}() takes {expected} argument(s), not {args.Count}");
            }
            return new Call(name, args, text);
        }

        /// <summary>An operator: ! == != &lt;&gt; &lt; &lt;= &gt; &gt;= &amp;&amp; ||.</summary>
        public static Call Operator(string op, params TemplateExpression[] operands)
        {
            var name = op switch
            {
                "!" => "not", "==" => "equals", "!=" => "notEquals", "&&" => "and", "||" => "or",
                "<" => "less", "<=" => "lessOrEquals", ">" => "greater", ">=" => "greaterOrEquals",
                _ => throw new ArgumentException($"operator {op}"),
            };
            var text = operands.Length == 1 ? op + operands[0].Text : $"{operands[0].Text} {op} {operands[1].Text}";
            return new Call(name, operands, text);
        }

        public override JToken? Evaluate(EvaluationScope scope, bool substitute)
        {
            switch (_name)
            {
                case "not":
                    // Not: operand without substitution; an operand error counts as "not true".
                    return new JValue(!TryLogic(_args[0], scope, out var truth) || !truth);
                case "and":
                    foreach (var arg in _args)
                    {
                        if (!TryLogic(arg, scope, out var t) || !t) return new JValue(false);
                    }
                    return new JValue(true);
                case "or":
                    foreach (var arg in _args)
                    {
                        if (TryLogic(arg, scope, out var t) && t) return new JValue(true);
                    }
                    return new JValue(false);
                case "if":
                    return TryLogic(_args[0], scope, out var condition) && condition
                        ? _args[1].Evaluate(scope, substitute)
                        : _args[2].Evaluate(scope, substitute);
                case "equals":
                    return Compare(scope, verify: null, args => Values.CommonEquals(args[0], args[1]));
                case "notEquals":
                    return Compare(scope, verify: null, args => !Values.CommonEquals(args[0], args[1]));
                case "empty":
                    return Compare(scope, VerifyContainerOrNull, args => Values.IsEmpty(args[0]));
                case "exists":
                    return Compare(scope, VerifyNotNull, args => args[0] is not null && args[0]!.Type != JTokenType.Null);
                case "less":
                    return Compare(scope, VerifyNotNull, args => Values.Order(args[0]!, args[1]!, this) < 0);
                case "lessOrEquals":
                    return Compare(scope, VerifyNotNull, args => Values.Order(args[0]!, args[1]!, this) <= 0);
                case "greater":
                    return Compare(scope, VerifyNotNull, args => Values.Order(args[0]!, args[1]!, this) > 0);
                case "greaterOrEquals":
                    return Compare(scope, VerifyNotNull, args => Values.Order(args[0]!, args[1]!, this) >= 0);
                case "count":
                    return Count(_args[0].Evaluate(scope, substitute));
                case "concat":
                    var values = _args.Select(a => a.Evaluate(scope, substitute)).ToList();
                    return values.Skip(1).Aggregate(values[0], Values.ConcatPair);
                default:
                    throw new InvalidOperationException(_name);
            }
        }

        private static bool TryLogic(TemplateExpression arg, EvaluationScope scope, out bool truth)
        {
            try
            {
                truth = Values.IsLogicTrue(arg.Evaluate(scope, substitute: false));
                return true;
            }
            catch (ExpressionErrorException)
            {
                truth = false;
                return false;
            }
        }

        /// <summary>adaptive-expressions' ComparisonEvaluator: operands without substitution; an operand error (or a failed
        /// verification) gives false, but an error of the comparison itself is an error.</summary>
        private JToken Compare(EvaluationScope scope, Func<JToken?, TemplateExpression, string?>? verify, Func<JToken?[], bool> compare)
        {
            var args = new JToken?[_args.Count];
            for (var i = 0; i < _args.Count; i++)
            {
                try
                {
                    args[i] = _args[i].Evaluate(scope, substitute: false);
                }
                catch (ExpressionErrorException)
                {
                    return new JValue(false);
                }
                if (verify?.Invoke(args[i], _args[i]) is not null) return new JValue(false);
            }
            return new JValue(compare(args));
        }

        private static string? VerifyNotNull(JToken? value, TemplateExpression e) =>
            Values.IsNullish(value) ? $"{e} is null." : null;

        private static string? VerifyContainerOrNull(JToken? value, TemplateExpression e) =>
            Values.IsNullish(value) || value is JObject or JArray || value!.Type == JTokenType.String ? null : $"{e} must be a string, list, map or object.";

        private JToken Count(JToken? value) => value switch
        {
            JArray a => new JValue((long)a.Count),
            JObject o => new JValue((long)o.Count),
            JValue { Type: JTokenType.String } s => new JValue((long)((string)s!).Length),
            _ => throw new ExpressionErrorException($"{_args[0]} must be a string, list, map or object."),
        };
    }
}

/// <summary>JavaScript / adaptive-expressions value semantics over JTokens (null = undefined).</summary>
internal static class Values
{
    /// <summary>JavaScript's Number.EPSILON, which commonEquals uses for numbers.</summary>
    private const double JavaScriptEpsilon = 2.220446049250313e-16;

    public static bool IsNullish(JToken? v) => v is null || v.Type is JTokenType.Null or JTokenType.Undefined;

    public static bool IsNumber(JToken? v) => v is not null && v.Type is JTokenType.Integer or JTokenType.Float;

    public static double ToDouble(JToken v) => v.Value<double>();

    public static JValue Number(double d) =>
        Math.Abs(d) < 9e15 && Math.Floor(d) == d ? new JValue((long)d) : new JValue(d);

    /// <summary>adaptive-expressions' isLogicTrue: only false and null/undefined are false (0 and "" are true).</summary>
    public static bool IsLogicTrue(JToken? v) => v switch
    {
        null => false,
        { Type: JTokenType.Null or JTokenType.Undefined } => false,
        { Type: JTokenType.Boolean } => (bool)v,
        _ => true,
    };

    /// <summary>JavaScript truthiness (used where the official engine tests <c>!instance</c>).</summary>
    public static bool IsJavaScriptTruthy(JToken? v) => v switch
    {
        null => false,
        { Type: JTokenType.Null or JTokenType.Undefined } => false,
        { Type: JTokenType.Boolean } => (bool)v,
        { Type: JTokenType.String } => ((string)v!).Length > 0,
        { Type: JTokenType.Integer or JTokenType.Float } => ToDouble(v) is var d && d != 0 && !double.IsNaN(d),
        _ => true,
    };

    public static bool IsEmpty(JToken? v) => v switch
    {
        _ when IsNullish(v) => true,
        JValue { Type: JTokenType.String } s => ((string)s!).Length == 0,
        JArray a => a.Count == 0,
        JObject o => o.Count == 0,
        _ => false,
    };

    /// <summary>adaptive-expressions' commonEquals.</summary>
    public static bool CommonEquals(JToken? a, JToken? b)
    {
        if (IsNullish(a) || IsNullish(b)) return IsNullish(a) && IsNullish(b);
        if (a is JArray xa && b is JArray xb)
        {
            return xa.Count == xb.Count && xa.Zip(xb).All(p => CommonEquals(p.First, p.Second));
        }
        if (a is JObject oa && b is JObject ob) return JToken.DeepEquals(oa, ob);
        if (IsNumber(a) && IsNumber(b)) return Math.Abs(ToDouble(a!) - ToDouble(b!)) < JavaScriptEpsilon || ToDouble(a!) == ToDouble(b!);
        if (a!.Type == JTokenType.String && b!.Type == JTokenType.String) return string.Equals((string)a!, (string)b!, StringComparison.Ordinal);
        if (a.Type == JTokenType.Boolean && b!.Type == JTokenType.Boolean) return (bool)a == (bool)b;
        return false;
    }

    /// <summary>Ordering for &lt; &gt; &lt;= &gt;=: numbers with numbers, strings with strings (UTF-16 order), else an error.</summary>
    public static int Order(JToken a, JToken b, object expression)
    {
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a).CompareTo(ToDouble(b));
        if (a.Type == JTokenType.String && b.Type == JTokenType.String) return string.CompareOrdinal((string)a!, (string)b!);
        throw new ExpressionErrorException($"{a} and {b} must be comparable ({expression}).");
    }

    /// <summary>One step of adaptive-expressions' concat(): lists join, anything else joins as text.</summary>
    public static JToken? ConcatPair(JToken? first, JToken? second)
    {
        if (IsNullish(first) && IsNullish(second)) return null;
        if (IsNullish(first) && second is JArray) return second;
        if (IsNullish(second) && first is JArray) return first;
        if (first is JArray a && second is JArray b) return new JArray(a.Concat(b).Select(t => t.DeepClone()));
        return new JValue(ConcatText(first) + ConcatText(second));
    }

    private static string ConcatText(JToken? v) => IsNullish(v) ? "" : v is JContainer
        ? throw new ExpressionErrorException("concat() of a list with text, or of an object, is not supported")
        : ToText(v!);

    /// <summary>JavaScript's String(value) for the scalars a card can show.</summary>
    public static string ToText(JToken v) => v.Type switch
    {
        JTokenType.String => (string)v!,
        JTokenType.Boolean => (bool)v ? "true" : "false",
        JTokenType.Integer => v.ToString(Newtonsoft.Json.Formatting.None),
        JTokenType.Float => FormatDouble(ToDouble(v)),
        _ => throw new ExpressionErrorException($"a {v.Type} value cannot be written into text"),
    };

    private static string FormatDouble(double d)
    {
        if (Math.Floor(d) == d && Math.Abs(d) < 1e21) return d.ToString("F0", CultureInfo.InvariantCulture);
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        return r.Contains('E') ? throw new ExpressionErrorException($"the number {r} cannot be written into text exactly as JavaScript would") : r;
    }
}
