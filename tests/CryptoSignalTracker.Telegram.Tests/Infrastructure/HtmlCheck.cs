using System.Text.RegularExpressions;

namespace CryptoSignalTracker.Telegram.Tests.Infrastructure;

/// <summary>Checks text against Telegram's HTML parse-mode rules (protocols.md §3.3): allowed tags, balanced, entities only.</summary>
public static partial class HtmlCheck
{
    private static readonly HashSet<string> _allowed = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "blockquote", "tg-spoiler"];

    /// <summary>Fails the test when <paramref name="html"/> would make Telegram answer "can't parse entities".</summary>
    public static void AssertValid(string html)
    {
        var stack = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                Assert.True(end > i, $"unterminated tag at {i}: {html}");
                var tag = html[(i + 1)..end];
                var closing = tag.StartsWith('/');
                var name = (closing ? tag[1..] : tag).Split(' ')[0];
                Assert.Contains(name, _allowed);
                if (closing)
                {
                    Assert.True(stack.Count > 0 && stack.Pop() == name, $"unbalanced </{name}> at {i}: {html}");
                }
                else
                {
                    stack.Push(name);
                }

                i = end + 1;
            }
            else if (c == '>')
            {
                Assert.Fail($"raw '>' at {i}: {html}");
            }
            else if (c == '&')
            {
                var m = Entity().Match(html, i);
                Assert.True(m.Success && m.Index == i, $"raw '&' at {i}: {html}");
                i += m.Length;
            }
            else
            {
                i++;
            }
        }

        Assert.True(stack.Count == 0, $"unclosed <{string.Join(", ", stack)}>: {html}");
    }

    [GeneratedRegex("&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")]
    private static partial Regex Entity();
}
