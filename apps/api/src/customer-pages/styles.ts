/** The pages' only stylesheet: system fonts, readable on a phone, contrast at least 4.5:1, a visible focus ring. */
export const stylesheet = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:100%;line-height:1.5;color:#1b1b1b;background:#fff}
body{margin:0 auto;max-width:44rem;padding:0 1rem 3rem}
header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;border-bottom:1px solid #767676;padding:.75rem 0}
.product{font-weight:600;margin:0}
.session{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin:0}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
h1{font-size:1.6rem;line-height:1.25;margin:1.5rem 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem}
a{color:#0b57d0}
.dev{background:#fff4ce;border:1px solid #8a6d00;padding:.5rem .75rem;margin:1rem 0}
.notice{background:#e7f3e8;border:1px solid #2e7d32;padding:.5rem .75rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=text],select{width:100%;font:inherit;padding:.6rem;border:1px solid #555;border-radius:4px}
fieldset{border:1px solid #767676;border-radius:4px;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:600;padding:0 .25rem}
button{font:inherit;font-weight:600;padding:.6rem 1.25rem;margin-top:1rem;border-radius:4px;border:2px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;min-height:44px}
button.secondary{background:#fff;color:#0b57d0;margin-top:0}
:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #c4c4c4;vertical-align:top}
td form{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;margin:0}
td form button{margin:0}
td select{width:auto}
ul{padding-left:1.25rem}
@media (max-width:30rem){th,td{display:block;padding:.25rem 0}tr{display:block;border-bottom:1px solid #c4c4c4;padding:.5rem 0}thead{display:none}}
`;
