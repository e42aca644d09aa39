// Regular expressions from configs (topics.regex, topic.creation.*.include), written for Java's
// java.util.regex and matched against whole topic names (Matcher.matches()). JavaScript's syntax
// is close enough for topic patterns; leading inline flags such as (?i) are translated.

/** A RegExp that matches the whole of a string when Java's Pattern.compile(source).matcher(s).matches() would. */
export function compileJavaRegex (source: string): RegExp {
  let body = source
  let flags = ''
  const inline = /^\(\?([imsux]+)\)/.exec(body)
  if (inline !== null) {
    body = body.slice(inline[0].length)
    for (const flag of inline[1]) if (flag === 'i' || flag === 'm' || flag === 's') flags += flag
  }
  return new RegExp(`^(?:${body})$`, flags)
}
