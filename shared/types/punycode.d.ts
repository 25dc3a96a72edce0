// punycode.js ships no types. Imported by its file path: a bare 'punycode' would be Node's deprecated built-in.
declare module 'punycode/punycode.js' {
  const punycode: {
    toASCII(domain: string): string;
    toUnicode(domain: string): string;
  };
  export default punycode;
}
