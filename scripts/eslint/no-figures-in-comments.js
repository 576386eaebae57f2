// Measured figures in comments go stale as soon as the code or the machine changes; they belong in bench/
// output and the docs. Flags a number followed by a rate or a per-operation time unit.
const FIGURE = /\d[\d,.]*\s?(?:µs|req\/s|ev\/s|events\/s|ops\/s|appends\/s|deliveries\/s)\b|\b\d+(?:\.\d+)?\s?[x×] (?:faster|slower)\b/i;

module.exports = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Comments say why, without benchmark figures' },
    messages: { figure: 'Benchmark figure in a comment ("{{text}}"): put it in bench/ output or the docs.' },
    schema: [],
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          const match = FIGURE.exec(comment.value);
          if (match) context.report({ loc: comment.loc, messageId: 'figure', data: { text: match[0] } });
        }
      },
    };
  },
};
