interface FilterBoxProps {
  readonly id: string;
  /** The box's accessible name ("Filter certificates"); read out, not shown. */
  readonly label: string;
  readonly placeholder: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Lists whose filter crosses IPC bound it as the contract does. */
  readonly maxLength?: number;
}

/**
 * A table's filter box: a visually hidden label and a search input (which brings its own clear
 * button). The caller places it in its toolbar and says how many rows it leaves.
 */
export function FilterBox({ id, label, placeholder, value, onChange, maxLength }: FilterBoxProps) {
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input table-filter"
        type="search"
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        maxLength={maxLength}
      />
    </>
  );
}
