using Newtonsoft.Json.Linq;

namespace Chexs.Bot.Cards;

/// <summary>
/// A small binder for the Adaptive Cards templating language: "${path}" substitution,
/// "$data" (object or array repetition) and "$when". Only the subset our templates use.
/// </summary>
public static class TemplateBinder
{
    public static JToken Expand(JToken template, JToken data) => ExpandToken(template, data, data) ?? JValue.CreateNull();

    private static JToken? ExpandToken(JToken node, JToken data, JToken root)
    {
        switch (node)
        {
            case JObject obj:
                return ExpandObject(obj, data, root);
            case JArray arr:
                var outArr = new JArray();
                foreach (var item in arr)
                {
                    if (item is JObject o && o.ContainsKey("$data"))
                    {
                        var scope = Evaluate(o["$data"]!, data, root);
                        if (scope is JArray many)
                        {
                            foreach (var each in many)
                            {
                                var e = ExpandObject(o, each, root, skipData: true);
                                if (e is not null) outArr.Add(e);
                            }
                            continue;
                        }
                        var single = ExpandObject(o, scope ?? JValue.CreateNull(), root, skipData: true);
                        if (single is not null) outArr.Add(single);
                        continue;
                    }
                    var x = ExpandToken(item, data, root);
                    if (x is not null) outArr.Add(x);
                }
                return outArr;
            case JValue { Type: JTokenType.String } s:
                return ExpandString((string)s!, data, root);
            default:
                return node.DeepClone();
        }
    }

    private static JToken? ExpandObject(JObject obj, JToken data, JToken root, bool skipData = false)
    {
        if (!skipData && obj.ContainsKey("$data"))
        {
            data = Evaluate(obj["$data"]!, data, root) ?? JValue.CreateNull();
        }
        if (obj.TryGetValue("$when", out var when) && !IsTruthy(Evaluate(when, data, root)))
        {
            return null;
        }
        var result = new JObject();
        foreach (var prop in obj.Properties())
        {
            if (prop.Name is "$data" or "$when") continue;
            var v = ExpandToken(prop.Value, data, root);
            if (v is not null) result[prop.Name] = v;
        }
        return result;
    }

    private static JToken? Evaluate(JToken expr, JToken data, JToken root) =>
        expr is JValue { Type: JTokenType.String } s ? ExpandString((string)s!, data, root) : ExpandToken(expr, data, root);

    private static JToken ExpandString(string text, JToken data, JToken root)
    {
        if (text.StartsWith("${") && text.EndsWith('}') && text.IndexOf("${", 2, StringComparison.Ordinal) < 0)
        {
            return Lookup(text[2..^1].Trim(), data, root)?.DeepClone() ?? new JValue(text);
        }
        var sb = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0) { sb.Append(text, i, text.Length - i); break; }
            var end = text.IndexOf('}', start);
            if (end < 0) { sb.Append(text, i, text.Length - i); break; }
            sb.Append(text, i, start - i);
            var value = Lookup(text[(start + 2)..end].Trim(), data, root);
            sb.Append(value is null ? text[start..(end + 1)] : value.Type == JTokenType.String ? (string)value! : value.ToString(Newtonsoft.Json.Formatting.None));
            i = end + 1;
        }
        return new JValue(sb.ToString());
    }

    private static JToken? Lookup(string path, JToken data, JToken root)
    {
        var negate = path.StartsWith('!');
        if (negate) path = path[1..].Trim();
        JToken? current = path.StartsWith("$root") ? root : data;
        if (path == "$root") return current;
        var parts = path.StartsWith("$root.") ? path[6..].Split('.') : path.Split('.');
        if (path == "$data") parts = Array.Empty<string>();
        foreach (var part in parts)
        {
            current = current is JObject o ? o[part] : null;
            if (current is null) break;
        }
        return negate ? new JValue(!IsTruthy(current)) : current;
    }

    private static bool IsTruthy(JToken? t) => t switch
    {
        null => false,
        JValue { Type: JTokenType.Null } => false,
        JValue { Type: JTokenType.Boolean } b => (bool)b!,
        JValue { Type: JTokenType.String } s => ((string)s!).Length > 0 && (string)s! != "false",
        JArray a => a.Count > 0,
        _ => true,
    };
}
